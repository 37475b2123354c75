using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace ActorRealm.Hocon.Tests;

/// <summary>Property-based tests (FsCheck): round trips through every writing style, and robustness on arbitrary input.</summary>
public sealed class PropertyTests
{
    private static readonly FsCheck.Config Runs = FsCheck.Config.QuickThrowOnFailure.WithMaxTest(300);

    [Fact]
    public void Random_trees_written_in_any_style_parse_back_to_the_same_tree()
    {
        var cases = (from tree in TreeModel.Tree()
                     from style in TreeModel.Styles()
                     select (Tree: tree, Style: style)).ToArbitrary();
        Check.One(Runs, Prop.ForAll(cases, c =>
        {
            var text = TreeModel.Render(c.Tree, c.Style);
            Config parsed;
            try
            {
                parsed = ConfigFactory.ParseString(text).Resolve(Hocon.NoEnvironment);
            }
            catch (HoconException e)
            {
                throw new InvalidOperationException($"{c.Style}\n{text}\n{e.Message}", e);
            }

            var difference = TreeModel.Difference(c.Tree, parsed.Root);
            return difference is null ? true : throw new InvalidOperationException($"{c.Style}\n{text}\n{difference}");
        }));
    }

    [Fact]
    public void Random_bytes_never_throw_anything_but_hocon_exception()
    {
        var bytes = Gen.Sized(size => Gen.Choose(0, size * 8).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n))).ToArbitrary();
        Check.One(Runs, Prop.ForAll(bytes, b => OnlyHoconErrors(Encoding.UTF8.GetString(b))));
    }

    [Fact]
    public void Random_strings_of_hocon_punctuation_never_throw_anything_but_hocon_exception()
    {
        var pieces = Gen.Elements("{", "}", "[", "]", "\"", "\"\"\"", ":", "=", "+=", ",", "\n", " ", "#", "//", "$", "${", "${?", "?", ".", "a", "b.c", "include", "required(", "file(", ")", "\\", "\\u", "1", "-", "1e", "true", "null", "\u00A0", "\ud800");
        var texts = Gen.Sized(size => Gen.Choose(0, size * 2).SelectMany(n => Gen.ArrayOf(pieces, n))).Select(string.Concat).ToArbitrary();
        Check.One(Runs, Prop.ForAll(texts, text => OnlyHoconErrors(text)));
    }

    [Fact]
    public void Mutated_valid_documents_never_throw_anything_but_hocon_exception()
    {
        var documents = from tree in TreeModel.Tree()
                        from style in TreeModel.Styles()
                        from extra in Gen.Elements(string.Empty, "s1 = ${a}\ns2 = ${?zz} x\nl += 1\nl += ${s2}\n", "p = ${p} [1]\nc1 = ${c2}\nc2 = ${c1}\n", "o = { x = ${o.y}, y = 1 }\no2 = ${o} { z = 2 }\n")
                        select TreeModel.Render(tree, style) + extra;
        var cases = (from doc in documents
                     from count in Gen.Choose(1, 4)
                     from ops in Gen.ArrayOf(Mutation(), count)
                     select Mutate(doc, ops)).ToArbitrary();
        Check.One(Runs, Prop.ForAll(cases, text => OnlyHoconErrors(text)));
    }

    private static Gen<(int Kind, int Position, int Length, string Insert)> Mutation() =>
        from kind in Gen.Choose(0, 3)
        from position in Gen.Choose(0, 10_000)
        from length in Gen.Choose(1, 8)
        from insert in Gen.Elements("{", "}", "[", "]", "\"", ",", "\n", "$", "${", "=", ":", "+=", ".", "#", "\"\"\"", "\\")
        select (kind, position, length, insert);

    private static string Mutate(string text, (int Kind, int Position, int Length, string Insert)[] ops)
    {
        var sb = new StringBuilder(text);
        foreach (var (kind, position, length, insert) in ops)
        {
            var at = sb.Length == 0 ? 0 : position % sb.Length;
            var count = Math.Min(length, sb.Length - at);
            switch (kind)
            {
                case 0:
                    sb.Remove(at, count);
                    break;
                case 1:
                    sb.Insert(at, insert);
                    break;
                case 2:
                    sb.Insert(at, sb.ToString(at, count));
                    break;
                default:
                    if (count > 1)
                    {
                        (sb[at], sb[at + count - 1]) = (sb[at + count - 1], sb[at]);
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Parses, resolves and renders; only <see cref="HoconException"/> may escape, and it must finish within a deadline.</summary>
    private static bool OnlyHoconErrors(string text)
    {
        var work = Task.Run(() =>
        {
            try
            {
                ConfigFactory.ParseString(text).Resolve(Hocon.NoEnvironment).ToJson();
            }
            catch (HoconException)
            {
                // The one documented failure.
            }
        });
        if (!work.Wait(TimeSpan.FromSeconds(20)))
        {
            throw new TimeoutException($"parsing did not finish within 20 s: {Show(text)}");
        }

        return true;
    }

    private static string Show(string text) => text.Length <= 500 ? text : text[..500] + "...";
}
