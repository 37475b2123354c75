using System.Diagnostics.CodeAnalysis;

namespace ActorRealm.Hocon;

/// <summary>The JSON type of a <see cref="HoconValue"/>; <see cref="Unresolved"/> only appears before <see cref="Config.Resolve()"/>.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The JSON type names (object, string), as in System.Text.Json's JsonValueKind.")]
public enum HoconValueType
{
    /// <summary>An object (<see cref="HoconObject"/>).</summary>
    Object,

    /// <summary>An array (<see cref="HoconArray"/>).</summary>
    Array,

    /// <summary>A string (<see cref="HoconScalar"/>).</summary>
    String,

    /// <summary>A number, kept as written (<see cref="HoconScalar"/>).</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c> (<see cref="HoconScalar"/>).</summary>
    Boolean,

    /// <summary><c>null</c> (<see cref="HoconScalar"/>).</summary>
    Null,

    /// <summary>A substitution, concatenation or merge that is only known after resolution.</summary>
    Unresolved,
}
