using Engram.Web;

namespace Engram.Tests.Web;

public class HtmlTests
{
    [Fact]
    public void Values_are_encoded_and_markup_lists_and_numbers_are_kept_as_they_are()
    {
        string name = "<script>alert('x') & \"y\"</script>";
        var cells = new List<Markup> { Html.Of($"<td>{name}</td>"), Html.Of($"<td>{1.5e-7}</td>") };
        Markup row = Html.Of($"<tr title=\"{name}\">{cells}</tr>");
        Assert.Equal("<tr title=\"&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;\"><td>&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;</td><td>1.5E-07</td></tr>", row.Value);
        Markup[] array = [Html.Of($"<b>{"a"}</b>")];
        Assert.Equal("<i><b>a</b></i>", Html.Of($"<i>{array}</i>").Value);
        Assert.Equal("<i><b>a</b></i>", Html.Of($"<i>{array.Select(m => m)}</i>").Value);
        Assert.Equal("x%20%26%20y%2Fz", Html.Url("x & y/z"));
    }
}
