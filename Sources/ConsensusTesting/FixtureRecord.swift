public import ConsensusScoring
import Synchronization

/// What a ``FixtureEngine`` was asked to do: its calls, the requests it scored, and how many
/// calls it served at once. Shared by every copy of the engine it belongs to.
///
/// Thread-safety: every member may be read from any task while the engine runs.
public final class FixtureRecord: Sendable {
    private struct State {
        var calls = 0
        var running = 0
        var mostAtOnce = 0
        var groupSizes: [[Int]] = []
        var requests: [ContinuationRequest] = []
        var generations: [GenerationRequest] = []
    }

    private let state = Mutex(State())

    public init() {}

    /// Calls served (`score` and `generate` alike), finished or not.
    public var calls: Int { state.withLock { $0.calls } }
    /// The most calls that ran at the same time.
    public var mostAtOnce: Int { state.withLock { $0.mostAtOnce } }
    /// For each scoring call in order, the request count of each of its groups.
    public var groupSizes: [[Int]] { state.withLock { $0.groupSizes } }
    /// Every continuation scored (labels as their continuations), in order.
    public var requests: [ContinuationRequest] { state.withLock { $0.requests } }
    /// Every generation request, in order.
    public var generations: [GenerationRequest] { state.withLock { $0.generations } }

    func enter() {
        state.withLock {
            $0.calls += 1
            $0.running += 1
            $0.mostAtOnce = max($0.mostAtOnce, $0.running)
        }
    }

    func leave() { state.withLock { $0.running -= 1 } }

    func scoring(_ groups: [ScoringGroup]) {
        state.withLock {
            $0.groupSizes.append(groups.map(\.allContinuationRequests.count))
            $0.requests += groups.flatMap(\.allContinuationRequests)
        }
    }

    func generating(_ request: GenerationRequest) { state.withLock { $0.generations.append(request) } }
}
