using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace Parapet.Server.Html;

/// <summary>
/// A piece of HTML. Built only from interpolated strings whose literal parts are markup and whose holes are
/// HTML-encoded unless they are themselves <see cref="Markup"/>: post text cannot become markup by any path.
/// </summary>
internal readonly struct Markup(string value)
{
    public static readonly Markup Empty = new("");

    public string Value => value ?? "";

    public static Markup Of(ref MarkupHandler html) => html.ToMarkup();

    public static Markup Join(IEnumerable<Markup> parts) => new(string.Concat(parts.Select(p => p.Value)));

    public static Markup Join<T>(IEnumerable<T> items, Func<T, Markup> each) => Join(items.Select(each));

    public override string ToString() => Value;
}

[InterpolatedStringHandler]
internal ref struct MarkupHandler
{
    private readonly StringBuilder _sb;

    public MarkupHandler(int literalLength, int formattedCount) => _sb = new StringBuilder(literalLength + formattedCount * 16);

    public readonly void AppendLiteral(string s) => _sb.Append(s);

    public readonly void AppendFormatted(Markup markup) => _sb.Append(markup.Value);

    public readonly void AppendFormatted(string? text) => _sb.Append(HtmlEncoder.Default.Encode(text ?? ""));

    public readonly void AppendFormatted<T>(T value) =>
        _sb.Append(HtmlEncoder.Default.Encode(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""));

    public readonly void AppendFormatted<T>(T value, string format) where T : IFormattable =>
        _sb.Append(HtmlEncoder.Default.Encode(value.ToString(format, System.Globalization.CultureInfo.InvariantCulture)));

    public readonly Markup ToMarkup() => new(_sb.ToString());
}
