using Parapet.Sources.Live;
using Xunit;

namespace Parapet.Tests.Sources.Live;

public sealed class HtmlTextTests
{
    [Theory]
    [InlineData("<p>one</p><p>two</p>", "one\ntwo")]
    [InlineData("a<br>b<br/>c", "a\nb\nc")]
    [InlineData("Tom &amp; Jerry &lt;3 &#x1F525; &nbsp;x", "Tom & Jerry <3 \U0001F525 x")]
    [InlineData("<script>alert('x')</script>kept<style>p{}</style>", "kept")]
    [InlineData("1 < 2 and 3 > 2", "1 < 2 and 3 > 2")]
    [InlineData("  lots   of \t space  ", "lots of space")]
    [InlineData("", "")]
    [InlineData("<a href=\"x\">link <b>bold</b></a>", "link bold")]
    public void ToText_Html_IsWhatAReaderSees(string html, string expected) => Assert.Equal(expected, HtmlText.ToText(html));
}
