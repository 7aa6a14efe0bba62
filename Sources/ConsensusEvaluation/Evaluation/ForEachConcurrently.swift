/// Runs `work` for every index, at most `width` at once, and hands each result to `receive` on
/// the calling task as it comes (in order of completion). The first error cancels the work still
/// running and is rethrown.
func forEachConcurrently<T: Sendable>(
    _ indices: [Int], width: Int, _ work: @escaping @Sendable (Int) async throws -> T, receive: (Int, T) throws -> Void
) async throws {
    try await withThrowingTaskGroup(of: (Int, T).self) { group in
        var pending = indices.makeIterator()
        for _ in 0..<max(1, width) {
            guard let index = pending.next() else { break }
            group.addTask { (index, try await work(index)) }
        }
        while let (index, value) = try await group.next() {
            try receive(index, value)
            if let next = pending.next() { group.addTask { (next, try await work(next)) } }
        }
    }
}
