namespace Engram.Phi;

/// <summary>
/// A partition of channels 0…N−1 into non-empty, disjoint parts that together cover every channel. Parts are kept
/// sorted, each ascending, ordered by their smallest channel (so the part holding channel 0 comes first).
/// </summary>
public sealed class Partition
{
    Partition(int channels, int[][] parts)
    {
        Channels = channels;
        Parts = parts;
    }

    /// <summary>Number of channels N.</summary>
    public int Channels { get; }

    /// <summary>The parts, each ascending, ordered by smallest channel.</summary>
    public IReadOnlyList<int[]> Parts { get; }

    /// <summary>A partition from its parts; throws when they overlap, leave a channel out, or name one outside 0…N−1.</summary>
    public static Partition FromParts(int channels, IEnumerable<IReadOnlyList<int>> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (channels < 1) throw new ArgumentException($"a partition needs at least one channel; got {channels}.", nameof(channels));
        var owner = new int[channels];
        Array.Fill(owner, -1);
        var list = new List<int[]>();
        foreach (IReadOnlyList<int> part in parts)
        {
            if (part.Count == 0) throw new ArgumentException("the partition has an empty part; every part needs at least one channel.", nameof(parts));
            foreach (int c in part)
            {
                if (c < 0 || c >= channels)
                    throw new ArgumentException($"the partition names channel {c}, outside 0…{channels - 1}.", nameof(parts));
                if (owner[c] >= 0)
                    throw new ArgumentException($"the partition's parts overlap: channel {c} is in part {owner[c] + 1} and part {list.Count + 1}.", nameof(parts));
                owner[c] = list.Count;
            }
            list.Add([.. part.Order()]);
        }
        int missing = Array.IndexOf(owner, -1);
        if (missing >= 0)
        {
            int count = owner.Count(o => o < 0);
            throw new ArgumentException($"the partition does not cover every channel: {count} of {channels} are in no part (first: channel {missing}).", nameof(parts));
        }
        return new Partition(channels, [.. list.OrderBy(p => p[0])]);
    }

    /// <summary>The bipartition {part, rest}.</summary>
    public static Partition Bipartition(int channels, IReadOnlyList<int> part)
    {
        ArgumentNullException.ThrowIfNull(part);
        var inPart = new HashSet<int>(part);
        return FromParts(channels, [part, Enumerable.Range(0, channels).Where(c => !inPart.Contains(c)).ToArray()]);
    }

    /// <summary>A partition from PhiToolbox-style labels: channel i belongs to part labels[i] (any integers).</summary>
    public static Partition FromLabels(IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return FromParts(labels.Count, labels.Select((label, channel) => (label, channel)).GroupBy(x => x.label).Select(g => (IReadOnlyList<int>)g.Select(x => x.channel).ToArray()));
    }

    /// <summary>The parts as text, 0-based: "{0,1} {2,3}".</summary>
    public override string ToString() => string.Join(" ", Parts.Select(p => "{" + string.Join(",", p) + "}"));
}
