/// Which items of a benchmark to evaluate: `--ids FILE`, then `--limit N` or `--sample N --seed S`.
///
/// ``apply(to:)`` first keeps the items listed in ``ids`` (if set), then takes ``subset`` of
/// what is left. The result keeps file order in every case.
///
/// **Sampling** (``Subset/sample(_:seed:)``) draws without replacement with ``SplitMix64``, so
/// a seed gives the same items on every machine. It is stratified by `subject` (MMLU; items
/// without a subject form one stratum of their own, so a file without subjects is one
/// stratum): each subject gets its proportional share N·mᵢ/M, rounded down, and the seats left
/// go to the largest remainders (ties in an order shuffled by the seed). When N is at least the
/// number of subjects, every subject gets at least one item, taken from the subjects with the
/// most seats above their share. Within a subject the items are a uniform random draw. Asking
/// for N ≥ the number of items selects them all.
public struct Selection: Sendable, Hashable {
    /// How many of the items to take.
    public enum Subset: Sendable, Hashable {
        /// Every item.
        case all
        /// The first N items (`--limit N`).
        case first(Int)
        /// N items drawn with a seed (`--sample N --seed S`), stratified by subject.
        case sample(Int, seed: UInt64)
    }

    /// Only these ids (`--ids FILE`); `nil` keeps every item.
    public var ids: IDList?
    /// How many of the remaining items to take.
    public var subset: Subset

    /// Creates a selection.
    public init(ids: IDList? = nil, subset: Subset = .all) {
        self.ids = ids
        self.subset = subset
    }

    /// Every item.
    public static let all = Selection()
    /// The first `count` items.
    public static func first(_ count: Int) -> Selection { Selection(subset: .first(count)) }
    /// `count` items drawn with `seed`.
    public static func sample(_ count: Int, seed: UInt64) -> Selection { Selection(subset: .sample(count, seed: seed)) }

    /// The selected items, in file order.
    /// - Throws: ``BenchmarkError`` for a count below 1, or an id of ``ids`` that no item has
    ///   (naming the id and the ids file's line).
    public func apply(to items: [BenchmarkItem]) throws -> [BenchmarkItem] {
        var pool = items
        if let ids {
            let known = Set(items.map(\.id))
            if let missing = ids.entries.first(where: { !known.contains($0.id) }) {
                throw BenchmarkError(file: ids.source, line: missing.line, reason: "unknown id \"\(missing.id)\": no item of the benchmark has it")
            }
            let wanted = Set(ids.entries.map(\.id))
            pool = items.filter { wanted.contains($0.id) }
        }
        switch subset {
        case .all:
            return pool
        case .first(let n):
            guard n >= 1 else { throw BenchmarkError(field: "limit", reason: "is \(n); it must be 1 or more") }
            return Array(pool.prefix(n))
        case .sample(let n, let seed):
            guard n >= 1 else { throw BenchmarkError(field: "sample", reason: "is \(n); it must be 1 or more") }
            var sampler = StratifiedSampler(seed: seed)
            return sampler.sample(n, from: pool)
        }
    }
}

extension Selection: CustomStringConvertible {
    /// A summary for reports, e.g. `sample 100 (seed 7, stratified by subject) of ids.txt`.
    public var description: String {
        let head = switch subset {
        case .all: "all items"
        case .first(let n): "first \(n)"
        case .sample(let n, let seed): "sample \(n) (seed \(seed), stratified by subject)"
        }
        guard let ids else { return head }
        return "\(head) of the \(ids.entries.count) ids in \(ids.source)"
    }
}
