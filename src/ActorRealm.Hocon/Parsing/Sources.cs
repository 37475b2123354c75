using System.Reflection;
using System.Text;

namespace ActorRealm.Hocon.Parsing;

/// <summary>Reads documents as strict UTF-8 (a leading BOM is skipped), turning I/O problems into <see cref="HoconException"/>.</summary>
internal static class Sources
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a file; <paramref name="at"/> is the include statement that asked for it, if any.</summary>
    public static string ReadFile(string path, HoconOrigin? at)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new HoconException(at ?? new HoconOrigin(path, 0, 0), at is null ? "file not found" : $"file not found: {path}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && Directory.Exists(path))
        {
            // .NET says "Access to the path is denied" for a directory, which sends people to chmod.
            throw new HoconException(at ?? new HoconOrigin(path, 0, 0), at is null ? "is a directory, not a file" : $"{path} is a directory, not a file", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new HoconException(at ?? new HoconOrigin(path, 0, 0), $"cannot read {path}: {e.Message}", e);
        }

        return Decode(bytes, path);
    }

    /// <summary>Reads an embedded resource, or returns null when the assembly has no resource of that name.</summary>
    public static string? ReadResource(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName);
        if (stream is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Decode(buffer.ToArray(), $"{assembly.GetName().Name}:{resourceName}");
    }

    private static string Decode(byte[] bytes, string name)
    {
        var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        try
        {
            return StrictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException e)
        {
            var index = Math.Clamp(start + Math.Max(e.Index, 0), 0, bytes.Length);
            var line = 1;
            var lineStart = 0;
            for (var i = 0; i < index; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }

            throw new HoconException(new HoconOrigin(name, line, index - lineStart + 1), "the file is not valid UTF-8", e);
        }
    }
}
