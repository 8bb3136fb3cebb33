using System.Security.Cryptography;
using System.Text;

namespace Parapet.Posts;

/// <summary>
/// How a post is known in the store and in logs: the SHA-256 of its source id, never the id itself (a Bluesky
/// id holds its author's DID, which a post without an alert must not leave behind).
/// </summary>
public static class PostKey
{
    public static string Of(string sourceId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sourceId)));
}
