import ConsensusScoring

/// The draw behind ``Selection/Subset/sample(_:seed:)``; see ``Selection`` for the rules.
struct StratifiedSampler {
    var generator: SplitMix64

    init(seed: UInt64) {
        generator = SplitMix64(seed: seed)
    }

    /// `n` items of `items`, in file order.
    mutating func sample(_ n: Int, from items: [BenchmarkItem]) -> [BenchmarkItem] {
        guard n < items.count else { return items }
        // Strata in order of first appearance, each a list of item positions.
        var order: [String?] = []
        var members: [String?: [Int]] = [:]
        for (position, item) in items.enumerated() {
            if members[item.subject] == nil { order.append(item.subject) }
            members[item.subject, default: []].append(position)
        }
        let strata = order.map { members[$0]! }
        let counts = allocate(n, sizes: strata.map(\.count))
        var chosen: [Int] = []
        for (stratum, count) in zip(strata, counts) {
            chosen += draw(count, from: stratum)
        }
        return chosen.sorted().map { items[$0] }
    }

    /// Seats per stratum: proportional (largest remainder), at least one each when `n` allows.
    mutating func allocate(_ n: Int, sizes: [Int]) -> [Int] {
        let total = Double(sizes.reduce(0, +))
        let shares = sizes.map { Double(n) * Double($0) / total }
        var seats = shares.map { Int($0.rounded(.down)) }
        if n >= sizes.count { seats = seats.map { max($0, 1) } }
        // Tie order among equal remainders: a seeded shuffle of the strata.
        var tieOrder = Array(sizes.indices)
        for i in stride(from: tieOrder.count - 1, to: 0, by: -1) {
            tieOrder.swapAt(i, generator.uniform(below: i + 1))
        }
        var rank = [Int](repeating: 0, count: sizes.count)
        for (r, s) in tieOrder.enumerated() { rank[s] = r }
        func excess(_ s: Int) -> Double { Double(seats[s]) - shares[s] }
        while seats.reduce(0, +) < n {
            let open = sizes.indices.filter { seats[$0] < sizes[$0] }
            let s = open.min { excess($0) != excess($1) ? excess($0) < excess($1) : rank[$0] < rank[$1] }!
            seats[s] += 1
        }
        while seats.reduce(0, +) > n {
            let reducible = sizes.indices.filter { seats[$0] > 1 }
            let s = reducible.max { excess($0) != excess($1) ? excess($0) < excess($1) : rank[$0] > rank[$1] }!
            seats[s] -= 1
        }
        return seats
    }

    /// `count` positions drawn uniformly without replacement (a partial Fisher–Yates shuffle).
    mutating func draw(_ count: Int, from positions: [Int]) -> [Int] {
        var pool = positions
        for i in 0..<count {
            pool.swapAt(i, i + generator.uniform(below: pool.count - i))
        }
        return Array(pool.prefix(count))
    }
}
