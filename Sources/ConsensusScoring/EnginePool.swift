/// Several engines on the same model, used as one: each call waits for a free engine and runs
/// on it, so up to `count` groups or prompts are worked on at once. A call's result is what its
/// engine gives alone; with engines whose results do not depend on what they did before (the
/// in-process `LlamaEngine`'s do not), the pool gives the results one engine would.
///
/// Callers see the speed-up only when they make concurrent calls (`consensus eval --parallel`).
public final class EnginePool: ScoringEngine, GeneratingEngine {
    public let model: ModelDescription
    private let engines: [any ScoringEngine & GeneratingEngine]
    private let free: FreeEngines

    /// How many engines the pool holds.
    public var count: Int { engines.count }

    /// A pool of `engines`, which must run the same model (the first one's description is the
    /// pool's).
    public init(_ engines: [any ScoringEngine & GeneratingEngine]) {
        precondition(!engines.isEmpty, "a pool needs at least one engine")
        self.engines = engines
        model = engines[0].model
        free = FreeEngines(count: engines.count)
    }

    public func score(_ group: ScoringGroup) async throws -> GroupScores {
        try await onFreeEngine { try await $0.score(group) }
    }

    public func score(groups: [ScoringGroup]) async throws -> [GroupScores] {
        try await onFreeEngine { try await $0.score(groups: groups) }
    }

    public var groupsPerCall: Int { engines[0].groupsPerCall }

    public func generate(_ request: GenerationRequest) async throws -> GenerationResult {
        try await onFreeEngine { try await $0.generate(request) }
    }

    private func onFreeEngine<T: Sendable>(_ body: (any ScoringEngine & GeneratingEngine) async throws -> T) async throws -> T {
        let index = await free.take()
        do {
            let value = try await body(engines[index])
            await free.give(index)
            return value
        } catch {
            await free.give(index)
            throw error
        }
    }
}

/// The indices of the engines not in use; callers wait, in order of arrival, for one.
private actor FreeEngines {
    private var free: [Int]
    private var waiters: [CheckedContinuation<Int, Never>] = []

    init(count: Int) { free = Array((0..<count).reversed()) }

    func take() async -> Int {
        if let index = free.popLast() { return index }
        return await withCheckedContinuation { waiters.append($0) }
    }

    func give(_ index: Int) {
        if waiters.isEmpty { free.append(index) } else { waiters.removeFirst().resume(returning: index) }
    }
}

extension EnginePool: ChatTemplating {
    /// The first engine's chat format: the engines run the same model.
    /// - Throws: ``ScoringError`` when the engines cannot apply a chat template.
    public func chatFormat(systemInstruction: String?) throws -> ChatFormat {
        guard let engine = engines[0] as? any ChatTemplating else {
            throw ScoringError(.invalidRequest, "the engine for \(model.location) cannot apply the model's chat template")
        }
        return try engine.chatFormat(systemInstruction: systemInstruction)
    }
}
