import Hummingbird

/// Backpressure: at most ``ServerSettings/maxConcurrent`` requests are worked on at once, at
/// most ``ServerSettings/maxQueue`` wait for a turn, and none waits longer than
/// ``ServerSettings/queueTimeout``. A request beyond the queue, or one whose wait runs out, is
/// answered 503 with `Retry-After` (an estimate from the recent time per request); a waiting
/// request whose task is cancelled (its client went away) leaves the queue at once.
actor Admission {
    let settings: ServerSettings
    private var busy = 0
    private var waiters: [(id: Int, continuation: CheckedContinuation<Void, Error>)] = []
    private var nextID = 0
    /// The mean time a request held its turn, smoothed over recent requests.
    private var meanService: Duration = .milliseconds(500)

    init(settings: ServerSettings) { self.settings = settings }

    /// Runs `body` in its turn.
    /// - Throws: ``APIError`` 503 when the queue is full or the wait runs out; `CancellationError`
    ///   when the task is cancelled while it waits (the client closed the connection).
    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await enter()
        return try await holdingTheTurn(body)
    }

    /// Runs `body` at once when a turn is free; nil (without running it) when it would wait.
    func runIfFree<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T? {
        guard busy < settings.maxConcurrent else { return nil }
        busy += 1
        return try await holdingTheTurn(body)
    }

    /// Runs `body` in a turn already taken, and gives the turn up however `body` ends.
    private func holdingTheTurn<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        let started = ContinuousClock.now
        defer { leave(after: started.duration(to: .now)) }
        return try await body()
    }

    /// Requests waiting, and being worked on (for tests and metrics).
    var load: (waiting: Int, busy: Int) { (waiters.count, busy) }

    private func enter() async throws {
        if busy < settings.maxConcurrent {
            busy += 1
            return
        }
        guard waiters.count < settings.maxQueue else { throw overloaded("the queue is full (\(settings.maxQueue) waiting)") }
        let id = nextID
        nextID += 1
        let timeout = settings.queueTimeout
        let timer = Task { [weak self] in
            try await Task.sleep(for: timeout)
            await self?.expire(id)
        }
        defer { timer.cancel() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiters.append((id, continuation))
            }
        } onCancel: {
            Task { await self.remove(id, throwing: CancellationError()) }
        }
    }

    private func leave(after service: Duration) {
        meanService = meanService * 0.8 + service * 0.2
        if waiters.isEmpty {
            busy -= 1
        } else {
            waiters.removeFirst().continuation.resume()  // the turn passes on; busy stays
        }
    }

    private func expire(_ id: Int) {
        remove(id, throwing: overloaded("no turn came within \(settings.queueTimeout)"))
    }

    private func remove(_ id: Int, throwing error: Error) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: error)
    }

    private func overloaded(_ reason: String) -> APIError {
        let perTurn = Double(meanService.components.seconds) + Double(meanService.components.attoseconds) * 1e-18
        let seconds = Int((perTurn * Double(waiters.count + 1) / Double(settings.maxConcurrent)).rounded(.up))
        var error = APIError(.serviceUnavailable, "the server is busy: \(reason); retry later", type: "overloaded_error")
        error.headers = [.retryAfter: String(min(max(seconds, 1), 60))]
        return error
    }
}
