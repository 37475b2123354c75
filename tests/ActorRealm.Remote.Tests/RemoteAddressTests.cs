using ActorRealm.Actors;
using ActorRealm.Remote.Transport;

namespace ActorRealm.Remote.Tests;

public sealed class RemoteAddressTests
{
    [Theory]
    [InlineData("realm://sys@127.0.0.1:2552", "sys", "127.0.0.1", 2552)]
    [InlineData("realm://my-realm@node-1.example:1", "my-realm", "node-1.example", 1)]
    public void Parses_node_addresses(string text, string system, string host, int port)
    {
        Assert.True(RemoteAddress.TryParse(text, out var address));
        Assert.Equal(RemoteAddress.Create(system, host, port), address);
        Assert.Equal(text, address.ToString());
        Assert.Equal(new NodeEndpoint(host, port), address.ToEndpoint());
    }

    [Theory]
    [InlineData("")]
    [InlineData("akka://sys@h:1")]
    [InlineData("realm://sys")]
    [InlineData("realm://@h:1")]
    [InlineData("realm://sys@h")]
    [InlineData("realm://sys@h:")]
    [InlineData("realm://sys@h:99999")]
    [InlineData("realm://sys@h:-1")]
    [InlineData("realm://sys@:1")]
    public void Refuses_anything_but_a_node_address(string text) => Assert.False(RemoteAddress.TryParse(text, out _));

    [Fact]
    public void Ipv6_literals_dial_without_brackets() =>
        Assert.Equal(new NodeEndpoint("::1", 2552), Address.Parse("realm://sys@[::1]:2552").ToEndpoint());

    [Fact]
    public void A_local_address_has_no_endpoint() =>
        Assert.Throws<ArgumentException>(() => Address.Local("sys").ToEndpoint());
}
