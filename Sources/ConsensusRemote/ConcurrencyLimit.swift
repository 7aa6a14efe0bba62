/// A counting semaphore for async tasks: at most `limit` holders at once, the others wait in
/// order of arrival. Cancellation does not remove a waiter; it runs when its turn comes.
actor ConcurrencyLimit {
    private let limit: Int
    private var holders = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(_ limit: Int) {
        precondition(limit >= 1)
        self.limit = limit
    }

    /// Runs `body` once a place is free.
    nonisolated func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        do {
            let value = try await body()
            await release()
            return value
        } catch {
            await release()
            throw error
        }
    }

    private func acquire() async {
        if holders < limit {
            holders += 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            holders -= 1
        } else {
            waiters.removeFirst().resume()  // the place passes to the next waiter
        }
    }
}
