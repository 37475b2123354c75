using System.Globalization;
using ActorRealm.Hocon;

namespace Microsoft.Extensions.Configuration;

/// <summary>
/// Exposes a resolved HOCON document to Microsoft.Extensions.Configuration: keys joined with <c>:</c>, list items as
/// <c>key:0</c>, <c>key:1</c>, null as a null value, empty objects and lists as a key with a null value.
/// </summary>
public sealed class HoconConfigurationProvider : ConfigurationProvider
{
    private readonly HoconConfigurationSource _source;

    /// <summary>Creates the provider for <paramref name="source"/>.</summary>
    public HoconConfigurationProvider(HoconConfigurationSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
    }

    /// <summary>Parses and resolves the source.</summary>
    /// <exception cref="HoconException">The document is invalid, or a required file is missing.</exception>
    public override void Load()
    {
        Config config;
        if (_source.Path is { } path)
        {
            if (_source.Optional && !File.Exists(path))
            {
                Data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                return;
            }

            config = ConfigFactory.ParseFile(path);
        }
        else
        {
            config = ConfigFactory.ParseString(_source.Text ?? string.Empty);
        }

        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Flatten(config.Resolve(_source.Environment).Root, null, data);
        Data = data;
    }

    private static void Flatten(HoconValue value, string? prefix, Dictionary<string, string?> data)
    {
        switch (value)
        {
            case HoconObject obj:
                if (obj.Count == 0 && prefix is not null)
                {
                    data[prefix] = null;
                }

                foreach (var (key, child) in obj)
                {
                    Flatten(child, prefix is null ? key : ConfigurationPath.Combine(prefix, key), data);
                }

                break;
            case HoconArray array:
                if (array.Count == 0 && prefix is not null)
                {
                    data[prefix] = null;
                }

                for (var i = 0; i < array.Count; i++)
                {
                    Flatten(array[i], ConfigurationPath.Combine(prefix ?? string.Empty, i.ToString(CultureInfo.InvariantCulture)), data);
                }

                break;
            case HoconScalar scalar when prefix is not null:
                data[prefix] = scalar.Type == HoconValueType.Null ? null : scalar.Text;
                break;
            default:
                break;
        }
    }
}
