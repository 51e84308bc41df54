using CsCheck;
using Resilience.Internal;

namespace Resilience.Core.Tests.Internal;

public sealed class PropertyListTests
{
    [Fact]
    public void Set_SameKeyTwice_ReplacesTheValue()
    {
        var list = new PropertyList();

        list.Set("a", 1);
        list.Set("a", 2);

        list.Count.Should().Be(1);
        list.TryGet("a", out var value).Should().BeTrue();
        value.Should().Be(2);
    }

    [Fact]
    public void TryGet_KeyBuiltAtRunTime_FindsTheValueSetUnderAnEqualLiteral()
    {
        var list = new PropertyList();
        list.Set("Resilience.Http.Request", "request");
        var built = string.Concat("Resilience.Http.", "Request");

        ReferenceEquals(built, "Resilience.Http.Request").Should().BeFalse("the test needs an equal key that is another string");
        list.TryGet(built, out var value).Should().BeTrue();
        value.Should().Be("request");
        list.TryGet("Resilience.Http.request", out _).Should().BeFalse("keys compare ordinally");
    }

    [Fact]
    public void Set_ManyKeys_EveryKeyKeepsItsOwnValueOnceTheIndexIsBuilt()
    {
        var list = new PropertyList();
        for (var i = 0; i < 100; i++)
        {
            list.Set($"key-{i}", i);
        }

        list.Set("key-3", -3);
        list.Set(string.Concat("key-", "97"), -97);

        list.Count.Should().Be(100);
        for (var i = 0; i < 100; i++)
        {
            list.TryGet($"key-{i}", out var value).Should().BeTrue();
            value.Should().Be(i is 3 or 97 ? -i : i);
        }

        list.TryGet("key-100", out _).Should().BeFalse();
    }

    [Fact]
    public void Clear_DropsEveryValue_AndOnlyASmallListIsRetainable()
    {
        var small = new PropertyList();
        small.Set("a", new object());
        small.Clear();
        small.Count.Should().Be(0);
        small.TryGet("a", out _).Should().BeFalse();
        small.IsRetainable.Should().BeTrue();

        var large = new PropertyList();
        for (var i = 0; i <= PropertyList.RetainedCapacity; i++)
        {
            large.Set($"key-{i}", i);
        }

        large.Clear();
        large.TryGet("key-10", out _).Should().BeFalse("the index goes with the entries");
        large.IsRetainable.Should().BeFalse("a list that grew past the retained capacity is not kept for the next call");
    }

    [Fact]
    public void CopyTo_ReplacesTheTargetsValuesOfTheSameKeys_AndKeepsItsOthers()
    {
        var source = new PropertyList();
        source.Set("shared", "from source");
        source.Set("only-source", 1);
        var target = new PropertyList();
        target.Set("shared", "from target");
        target.Set("only-target", 2);

        source.CopyTo(target);

        target.Count.Should().Be(3);
        target.TryGet("shared", out var shared).Should().BeTrue();
        shared.Should().Be("from source");
        target.TryGet("only-target", out var kept).Should().BeTrue();
        kept.Should().Be(2);
    }

    [Fact]
    public void AnySequenceOfSetsGetsAndClears_BehavesLikeADictionary()
    {
        // Keys from a pool wider than the index threshold, each also as an equal string built at run time.
        var names = Enumerable.Range(0, 3 * PropertyList.IndexThreshold).Select(i => $"k{i}").ToArray();
        var operation = Gen.Select(Gen.Int[0, 9], Gen.Int[0, names.Length - 1], Gen.Bool, Gen.Int);
        operation.Array[0, 200].Sample(operations =>
        {
            var list = new PropertyList();
            var model = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (kind, keyIndex, builtAtRunTime, value) in operations)
            {
                var key = builtAtRunTime ? new string(names[keyIndex].AsSpan()) : names[keyIndex];
                if (kind == 0)
                {
                    list.Clear();
                    model.Clear();
                }
                else if (kind <= 5)
                {
                    list.Set(key, value);
                    model[key] = value;
                }
                else
                {
                    list.TryGet(key, out var found).Should().Be(model.TryGetValue(key, out var expected));
                    found.Should().Be(expected);
                }

                list.Count.Should().Be(model.Count);
            }
        });
    }
}
