using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Engram.Continual;

namespace Engram.Reports;

/// <summary>
/// The JSON names of science records, kept here so that science code carries no serialisation attributes.
/// Every property is written in snake_case (<see cref="JsonResult.Options"/>) except the ones renamed below; a
/// property is left out when its type has no JSON form (multi-dimensional arrays, which go to .npy files; drift
/// objects, which the result describes in words) or when it is bulk data a report writes to its own file.
/// </summary>
internal static class JsonNaming
{
    /// <summary>Names that snake_case would spell differently: ΔE is written <c>dE</c>, as in docs/science.md §3.</summary>
    static readonly Dictionary<(Type Declaring, string Property), string> Renamed = new()
    {
        [(typeof(DriftExperimentResult), nameof(DriftExperimentResult.DECluster))] = "dE_cluster",
        [(typeof(DriftExperimentResult), nameof(DriftExperimentResult.DEClusterSe))] = "dE_cluster_se",
        [(typeof(DriftExperimentResult), nameof(DriftExperimentResult.DEOutlier))] = "dE_outlier",
        [(typeof(DriftExperimentResult), nameof(DriftExperimentResult.DEOutlierSe))] = "dE_outlier_se",
        [(typeof(DriftExperimentResult), nameof(DriftExperimentResult.DEAll))] = "dE_all",
        [(typeof(DriftExperimentResult), nameof(DriftExperimentResult.DEAllSe))] = "dE_all_se",
    };

    /// <summary>Properties never written: per-draw bulk data (written as .npy) and derived views of the settings.</summary>
    static readonly HashSet<(Type Declaring, string Property)> Omitted =
    [
        (typeof(DriftExperimentResult), nameof(DriftExperimentResult.EnergyIncreasePerDraw)),
        (typeof(DriftExperimentResult), nameof(DriftExperimentResult.NetSelfGainPerDraw)),
        (typeof(ForgettingSettings), nameof(ForgettingSettings.Drift)),
        (typeof(ForgettingSettings), nameof(ForgettingSettings.EffectiveDrift)),
        (typeof(DriftExperimentSettings), nameof(DriftExperimentSettings.Layout)),
        (typeof(ReplayExperimentSettings), nameof(ReplayExperimentSettings.MemorySize)),
    ];

    /// <summary>A <see cref="DefaultJsonTypeInfoResolver"/> modifier applying the tables above.</summary>
    public static void Apply(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object) return;
        for (int k = type.Properties.Count - 1; k >= 0; k--)
        {
            JsonPropertyInfo property = type.Properties[k];
            if (property.AttributeProvider is not MemberInfo member || member.DeclaringType is not Type declaring) continue;
            var key = (declaring, member.Name);
            if (Omitted.Contains(key) || property.PropertyType is { IsArray: true } array && array.GetArrayRank() > 1)
                type.Properties.RemoveAt(k);
            else if (Renamed.TryGetValue(key, out string? name))
                property.Name = name;
        }
    }
}
