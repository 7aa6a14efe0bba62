import ConsensusScoring
import Testing

@testable import ConsensusEvaluation

@Suite("Item selection")
struct SelectionTests {
    /// Items with ids `subject_k`, in subject blocks of the given sizes.
    private func items(_ sizes: [(String?, Int)]) -> [BenchmarkItem] {
        sizes.flatMap { subject, count in
            (0..<count).map { BenchmarkItem(id: "\(subject ?? "x")_\($0)", question: "Q?", choices: ["a", "b"], answers: [0], subject: subject) }
        }
    }

    @Test func splitMix64MatchesTheReferenceStream() {
        var a = SplitMix64(seed: 1234567)
        #expect([a.next(), a.next(), a.next()] == [6457827717110365317, 3203168211198807973, 9817491932198370423])
        var b = SplitMix64(seed: 0)
        #expect(b.next() == 0xE220_A839_7B1D_CDAF)
    }

    @Test func uniformStaysBelowItsBoundAndReachesEveryValue() {
        var g = SplitMix64(seed: 42)
        var seen = Set<Int>()
        for _ in 0..<2000 {
            let v = g.uniform(below: 7)
            #expect((0..<7).contains(v))
            seen.insert(v)
        }
        #expect(seen.count == 7)
    }

    @Test func limitTakesTheFirstItems() throws {
        let all = items([(nil, 10)])
        #expect(try Selection.first(3).apply(to: all).map(\.id) == ["x_0", "x_1", "x_2"])
        #expect(try Selection.first(50).apply(to: all).count == 10)
        #expect(try Selection.all.apply(to: all).count == 10)
    }

    @Test func countsBelowOneAreErrors() {
        #expect(throws: BenchmarkError(field: "limit", reason: "is 0; it must be 1 or more")) { try Selection.first(0).apply(to: items([(nil, 3)])) }
        #expect(throws: BenchmarkError(field: "sample", reason: "is -2; it must be 1 or more")) { try Selection.sample(-2, seed: 1).apply(to: items([(nil, 3)])) }
    }

    @Test func seededSampleIsReproducibleAndInFileOrder() throws {
        let all = items([(nil, 100)])
        let first = try Selection.sample(10, seed: 7).apply(to: all)
        let again = try Selection.sample(10, seed: 7).apply(to: all)
        let other = try Selection.sample(10, seed: 8).apply(to: all)
        #expect(first.map(\.id) == again.map(\.id))
        #expect(first.map(\.id) != other.map(\.id))
        #expect(Set(first.map(\.id)).count == 10)
        let positions = first.map { item in all.firstIndex(of: item)! }
        #expect(positions == positions.sorted())
    }

    @Test func sampleIsStratifiedProportionallyBySubject() throws {
        // 60 / 30 / 10 items: a sample of 10 gets 6 / 3 / 1.
        let all = items([("algebra", 60), ("law", 30), ("virology", 10)])
        for seed: UInt64 in [1, 2, 3] {
            let chosen = try Selection.sample(10, seed: seed).apply(to: all)
            let counts = Dictionary(grouping: chosen, by: { $0.subject! }).mapValues(\.count)
            #expect(counts == ["algebra": 6, "law": 3, "virology": 1])
        }
    }

    @Test func everySubjectGetsOneWhenTheSampleAllows() throws {
        // Shares of 6 from 90 / 4 / 4 / 4 items: 5.29 / 0.24 / 0.24 / 0.24. Each small subject is
        // raised to 1, and algebra gives up the 2 extra seats.
        let all = items([("algebra", 90), ("law", 4), ("virology", 4), ("nutrition", 4)])
        let counts = Dictionary(grouping: try Selection.sample(6, seed: 5).apply(to: all), by: { $0.subject! }).mapValues(\.count)
        #expect(counts == ["algebra": 3, "law": 1, "virology": 1, "nutrition": 1])
    }

    @Test func smallSamplesGoToTheLargestShares() throws {
        // 2 items from 3 subjects of sizes 6 / 3 / 1: shares 1.2 / 0.6 / 0.2, so algebra and law.
        let all = items([("algebra", 6), ("law", 3), ("virology", 1)])
        let counts = Dictionary(grouping: try Selection.sample(2, seed: 11).apply(to: all), by: { $0.subject! }).mapValues(\.count)
        #expect(counts == ["algebra": 1, "law": 1])
    }

    @Test func idsFileKeepsListedItemsInFileOrder() throws {
        let all = items([(nil, 5)])
        let ids = try IDList(parsing: "x_3\n\n  x_1  \n", source: "ids.txt")
        #expect(ids.entries == [.init(id: "x_3", line: 1), .init(id: "x_1", line: 3)])
        #expect(try Selection(ids: ids).apply(to: all).map(\.id) == ["x_1", "x_3"])
        #expect(try Selection(ids: ids, subset: .first(1)).apply(to: all).map(\.id) == ["x_1"])
    }

    @Test func unknownIdNamesTheIdAndItsLine() throws {
        let ids = try IDList(parsing: "x_1\nx_9\n", source: "ids.txt")
        #expect(throws: BenchmarkError(file: "ids.txt", line: 2, reason: "unknown id \"x_9\": no item of the benchmark has it")) {
            try Selection(ids: ids).apply(to: items([(nil, 3)]))
        }
    }

    @Test func repeatedOrMissingIdsAreErrors() {
        #expect(throws: BenchmarkError(file: "ids.txt", line: 3, reason: "id \"a\" is already listed on line 1")) {
            try IDList(parsing: "a\nb\na\n", source: "ids.txt")
        }
        #expect(throws: BenchmarkError(file: "ids.txt", reason: "lists no ids (one id per line)")) {
            try IDList(parsing: "\n \n", source: "ids.txt")
        }
        #expect(throws: BenchmarkError(file: "/nonexistent/ids.txt", reason: "no such file")) {
            try IDList(contentsOf: "/nonexistent/ids.txt")
        }
    }

    @Test func descriptionSummarisesTheSelection() throws {
        #expect(Selection.first(200).description == "first 200")
        #expect(Selection.sample(100, seed: 7).description == "sample 100 (seed 7, stratified by subject)")
        let ids = try IDList(parsing: "a\nb", source: "ids.txt")
        #expect(Selection(ids: ids).description == "all items of the 2 ids in ids.txt")
    }
}
