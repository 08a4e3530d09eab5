using System.Text;

namespace Engram.Data;

/// <summary>
/// The header of a .npy file: the Python dict <c>{'descr': '&lt;f8', 'fortran_order': False, 'shape': (2, 3), }</c>
/// that follows the magic string, version and header length.
/// See https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html.
/// </summary>
/// <param name="Descr">Element type and byte order.</param>
/// <param name="FortranOrder">True when the data is stored column-major.</param>
/// <param name="Shape">Length of each axis; empty for a 0-d array.</param>
internal sealed record NpyHeader(NpyDescr Descr, bool FortranOrder, int[] Shape)
{
    /// <summary>Number of elements: the product of the shape (1 for a 0-d array).</summary>
    public long ElementCount => CountElements(Shape);

    /// <summary>Number of data bytes the header promises.</summary>
    public long DataBytes => ElementCount * NpyDescr.SizeOf(Descr.Type);

    /// <summary>
    /// Parses the header dict of the file <paramref name="name"/>; every problem becomes an
    /// <see cref="InvalidDataException"/> naming the file and what is wrong.
    /// </summary>
    public static NpyHeader Parse(string text, string name)
    {
        object? literal;
        try
        {
            literal = PythonLiteral.Parse(text);
        }
        catch (FormatException e)
        {
            throw Invalid(name, $"its header is not a Python dict literal ({e.Message}): {Excerpt(text)}");
        }
        if (literal is not Dictionary<string, object?> dict)
            throw Invalid(name, $"its header is not a Python dict: {Excerpt(text)}");

        object? descrValue = Require(dict, "descr", name, text);
        if (descrValue is not string descrText)
            throw Invalid(name, $"it holds a structured dtype ({Excerpt(descrValue?.ToString() ?? "None")}); "
                + "Engram reads plain float, int and bool arrays. Save each field as its own array");
        NpyDescr descr = NpyDescr.TryParse(descrText, out string problem)
            ?? throw Invalid(name, problem);

        if (Require(dict, "fortran_order", name, text) is not bool fortranOrder)
            throw Invalid(name, $"its header's 'fortran_order' is not True or False: {Excerpt(text)}");

        if (Require(dict, "shape", name, text) is not PythonLiteral.Sequence shapeValue)
            throw Invalid(name, $"its header's 'shape' is not a tuple: {Excerpt(text)}");
        if (shapeValue.Items.Count > Npy.MaxRank)
            throw Invalid(name, $"its header's 'shape' has {shapeValue.Items.Count} axes; numpy arrays have at most {Npy.MaxRank}");
        var shape = new int[shapeValue.Items.Count];
        for (int axis = 0; axis < shape.Length; axis++)
        {
            if (shapeValue.Items[axis] is not long length || length < 0 || length > int.MaxValue)
                throw Invalid(name, $"its header's 'shape' holds '{shapeValue.Items[axis]}' on axis {axis}; "
                    + $"expected a whole number from 0 to {int.MaxValue}");
            shape[axis] = (int)length;
        }
        if (CountElements(shape) > Array.MaxLength)
            throw Invalid(name, $"its shape {FormatShape(shape)} has more than {Array.MaxLength} elements, "
                + "more than one .NET array holds; split it into smaller arrays");
        return new NpyHeader(descr, fortranOrder, shape);
    }

    /// <summary>The header dict numpy writes for a C-order array of <paramref name="type"/> and <paramref name="shape"/>.</summary>
    public static string Format(NpyDType type, ReadOnlySpan<int> shape)
        => $"{{'descr': '{NpyDescr.Format(type)}', 'fortran_order': False, 'shape': {FormatShape(shape)}, }}";

    /// <summary>A shape as Python writes a tuple: <c>()</c>, <c>(3,)</c>, <c>(2, 3)</c>.</summary>
    public static string FormatShape(ReadOnlySpan<int> shape)
    {
        var text = new StringBuilder("(");
        for (int axis = 0; axis < shape.Length; axis++)
            text.Append(axis == 0 ? "" : ", ").Append(shape[axis]);
        return text.Append(shape.Length == 1 ? ",)" : ")").ToString();
    }

    /// <summary>Product of the lengths, saturating at <see cref="long.MaxValue"/> rather than overflowing.</summary>
    public static long CountElements(ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (int length in shape)
        {
            if (length == 0)
                return 0;
            count = count > long.MaxValue / length ? long.MaxValue : count * length;
        }
        return count;
    }

    static object? Require(Dictionary<string, object?> dict, string key, string name, string text)
        => dict.TryGetValue(key, out object? value)
            ? value
            : throw Invalid(name, $"its header has no '{key}' entry: {Excerpt(text)}");

    static string Excerpt(string text)
    {
        string trimmed = text.Trim();
        return trimmed.Length <= 200 ? trimmed : trimmed[..200] + "…";
    }

    static InvalidDataException Invalid(string name, string problem)
        => new($"'{name}' is not a readable .npy file: {problem}.");
}
