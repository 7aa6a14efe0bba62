public import ConsensusScoring
import Foundation
import GRDB

extension ScoreCache {
    /// The hash that identifies a generation request: SHA-256 of its JSON with sorted keys, so
    /// every setting (prompt, k, temperature, top-p, seed, stop strings, max new tokens, greedy)
    /// is part of the key.
    public static func hash(_ request: GenerationRequest) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return SHA256.hex(String(decoding: try! encoder.encode(request), as: UTF8.self))
    }

    /// The stored continuations of `request` by the engine `engine` on the model with SHA-256
    /// `modelHash`, or nil.
    public func lookupGeneration(_ request: GenerationRequest, engine: String, modelHash: String) throws -> GenerationResult? {
        try pool.read { db in
            guard let text = try String.fetchOne(
                db, sql: "SELECT result FROM generation WHERE engine = ? AND model_hash = ? AND request_hash = ?",
                arguments: [engine, modelHash, Self.hash(request)])
            else { return nil }
            return try JSONDecoder().decode(GenerationResult.self, from: Data(text.utf8))
        }
    }

    /// Stores the continuations of `request`, with what they cost.
    public func storeGeneration(_ result: GenerationResult, for request: GenerationRequest, engine: String, modelHash: String) throws {
        let text = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
        try pool.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO generation VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    engine, modelHash, Self.hash(request), text, result.cost.tokensEvaluated, result.cost.milliseconds,
                    Date().timeIntervalSince1970,
                ])
        }
    }
}
