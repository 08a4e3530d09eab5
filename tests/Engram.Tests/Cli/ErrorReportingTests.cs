using Engram.Cli;

namespace Engram.Tests.Cli;

public class ErrorReportingTests
{
    [Fact]
    public void Bad_input_is_one_line_with_exit_code_1_and_no_parameter_suffix()
    {
        var error = new StringWriter();
        int exit = ErrorReporting.Report(new ArgumentException("eps must be > 0; got -1.", "eps"), error);
        Assert.Equal(1, exit);
        Assert.Equal("engram: error: eps must be > 0; got -1.", error.ToString().TrimEnd());
    }

    [Fact]
    public void An_internal_failure_exits_2_and_prints_no_stack_trace()
    {
        var error = new StringWriter();
        int exit = ErrorReporting.Report(new InvalidOperationException("boom"), error);
        Assert.Equal(2, exit);
        string text = error.ToString();
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain(" at ", text);
    }

    [Fact]
    public void An_unknown_verb_exits_1_with_one_message_and_no_help_dump()
    {
        var (exit, _, err) = CliHarness.Run("no-such-verb");
        Assert.Equal(1, exit);
        Assert.Contains("no-such-verb", err);
    }

    [Theory]
    [InlineData("0.05:0.20:0.05", new[] { 0.05, 0.10, 0.15, 0.20 })]
    [InlineData("1,2.5,4", new[] { 1.0, 2.5, 4.0 })]
    public void Grids_parse_as_start_stop_step_or_lists(string text, double[] expected)
    {
        Assert.Equal(expected, CommonOptions.ParseGrid(text)!, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Theory]
    [InlineData("0.2:0.1:0.01")]
    [InlineData("0.1:0.2:0")]
    [InlineData("a,b")]
    [InlineData("")]
    public void Empty_or_malformed_grids_are_rejected(string text) => Assert.Null(CommonOptions.ParseGrid(text));
}
