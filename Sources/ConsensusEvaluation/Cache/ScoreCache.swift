public import ConsensusScoring
import Foundation
import GRDB

/// A durable cache of language-model scores in SQLite (WAL), so that a benchmark run killed at
/// any moment resumes without scoring anything twice, and solver settings can be swept over
/// cached scores.
///
/// A score is keyed by the engine (its numerics), the model file's SHA-256, the template's hash
/// (with chat formatting, combined with the chat format's hash) and the request (prompt and
/// continuation, and a chat prompt's markup): a different model never reads another model's
/// scores, and chat-formatted and plain prompts never read each other's. Generated
/// continuations are cached too (``lookupGeneration(_:engine:modelHash:)``). Each scored group
/// is written in one transaction, with a line in a log of scorings, so the statistics can show
/// whether anything was scored twice.
public final class ScoreCache: Sendable {
    /// What a score belongs to, besides its request.
    public struct Key: Sendable, Hashable, Codable {
        public var engine: String
        public var modelHash: String
        public var templateHash: String

        public init(engine: String, modelHash: String, templateHash: String) {
            self.engine = engine
            self.modelHash = modelHash
            self.templateHash = templateHash
        }
    }

    /// Counts over the whole cache.
    public struct Statistics: Sendable, Hashable, Codable {
        public var scores: Int
        /// Groups the engine scored (one line each in the scoring log).
        public var groupsScored: Int
        /// Distinct groups that were scored more than once (0 when every resume reused the cache).
        public var groupsScoredMoreThanOnce: Int
        public var tokensEvaluated: Int
        public var models: Int
        /// Generation requests whose continuations are stored.
        public var generations: Int
    }

    public let path: String
    let pool: DatabasePool

    /// Opens (creating if needed) the cache at `path`.
    /// - Throws: ``ScoreCacheError`` naming the file.
    public init(path: String) throws {
        self.path = path
        do {
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .timeout(30)
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw ScoreCacheError(.cannotOpen, path: path, reason: "\(error)")
        }
    }

    private static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE score (
                        engine TEXT NOT NULL, model_hash TEXT NOT NULL, template_hash TEXT NOT NULL,
                        request_hash TEXT NOT NULL,
                        log_probability REAL NOT NULL, token_log_probabilities TEXT NOT NULL,
                        prompt_tokens INTEGER NOT NULL, continuation_tokens INTEGER NOT NULL,
                        is_greedy INTEGER NOT NULL,
                        PRIMARY KEY (engine, model_hash, template_hash, request_hash)
                    ) WITHOUT ROWID;
                    CREATE TABLE scoring (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        engine TEXT NOT NULL, model_hash TEXT NOT NULL, template_hash TEXT NOT NULL,
                        group_hash TEXT NOT NULL, requests INTEGER NOT NULL,
                        tokens_evaluated INTEGER NOT NULL, milliseconds REAL NOT NULL, scored_at REAL NOT NULL
                    );
                    CREATE INDEX scoring_group ON scoring (group_hash);
                    """)
        }
        m.registerMigration("v2 generations") { db in
            try db.execute(
                sql: """
                    CREATE TABLE generation (
                        engine TEXT NOT NULL, model_hash TEXT NOT NULL, request_hash TEXT NOT NULL,
                        result TEXT NOT NULL, tokens_evaluated INTEGER NOT NULL, milliseconds REAL NOT NULL,
                        generated_at REAL NOT NULL,
                        PRIMARY KEY (engine, model_hash, request_hash)
                    ) WITHOUT ROWID;
                    """)
        }
        return m
    }

    /// The hash that identifies a request in the cache. A chat prompt's hash also covers which of
    /// its parts are markup, so it never meets a plain prompt of the same characters, whose
    /// special-token text stays text (and whose hash is what it was before chat formatting).
    public static func hash(_ request: ContinuationRequest) -> String {
        let plain = request.prompt + "\u{0}" + request.continuation
        guard request.hasMarkup else { return SHA256.hex(plain) }
        let parts = request.parts.map { ($0.isMarkup ? "m" : "t") + "\($0.text.utf8.count):" + $0.text }.joined()
        return SHA256.hex(plain + "\u{0}chat\u{0}" + parts)
    }

    /// The cached scores among `requests`.
    public func lookup(_ requests: [ContinuationRequest], key: Key) throws -> [ContinuationRequest: ContinuationScore] {
        let hashes = Dictionary(requests.map { (Self.hash($0), $0) }, uniquingKeysWith: { a, _ in a })
        return try pool.read { db in
            var found: [ContinuationRequest: ContinuationScore] = [:]
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT request_hash, log_probability, token_log_probabilities, prompt_tokens,
                           continuation_tokens, is_greedy
                    FROM score WHERE engine = ? AND model_hash = ? AND template_hash = ?
                      AND request_hash IN (SELECT value FROM json_each(?))
                    """,
                arguments: [key.engine, key.modelHash, key.templateHash, Self.jsonArray(Array(hashes.keys))])
            while let row = try rows.next() {
                guard let request = hashes[row["request_hash"]] else { continue }
                let tokens = try JSONDecoder().decode([Double].self, from: Data((row["token_log_probabilities"] as String).utf8))
                found[request] = ContinuationScore(
                    logProbability: row["log_probability"], tokenLogProbabilities: tokens,
                    promptTokenCount: row["prompt_tokens"], continuationTokenCount: row["continuation_tokens"],
                    isGreedy: row["is_greedy"])
            }
            return found
        }
    }

    /// Stores the scores of one scored group, and a line in the scoring log, in one transaction.
    public func store(_ scores: [(ContinuationRequest, ContinuationScore)], key: Key, cost: ScoringCost) throws {
        let groupHash = SHA256.hex(scores.map { Self.hash($0.0) }.joined(separator: ","))
        try pool.write { db in
            for (request, score) in scores {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO score VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        key.engine, key.modelHash, key.templateHash, Self.hash(request), score.logProbability,
                        Self.jsonArray(score.tokenLogProbabilities), score.promptTokenCount,
                        score.continuationTokenCount, score.isGreedy,
                    ])
            }
            try db.execute(
                sql: """
                    INSERT INTO scoring (engine, model_hash, template_hash, group_hash, requests,
                                         tokens_evaluated, milliseconds, scored_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    key.engine, key.modelHash, key.templateHash, groupHash, scores.count, cost.tokensEvaluated,
                    cost.milliseconds, Date().timeIntervalSince1970,
                ])
        }
    }

    public func statistics() throws -> Statistics {
        try pool.read { db in
            Statistics(
                scores: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM score") ?? 0,
                groupsScored: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM scoring") ?? 0,
                groupsScoredMoreThanOnce: try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM (SELECT 1 FROM scoring
                        GROUP BY engine, model_hash, template_hash, group_hash HAVING COUNT(*) > 1)
                        """) ?? 0,
                tokensEvaluated: try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(tokens_evaluated), 0) FROM scoring") ?? 0,
                models: try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT model_hash) FROM score") ?? 0,
                generations: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM generation") ?? 0)
        }
    }

    private static func jsonArray<T: Encodable>(_ values: [T]) -> String {
        String(decoding: try! JSONEncoder().encode(values), as: UTF8.self)
    }
}

/// The score cache cannot be opened or used: what failed (``kind``), the file, and why.
///
/// The description is one line: `path: cannot open the score cache (reason)`.
public struct ScoreCacheError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What failed. New kinds may be added.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        fileprivate enum Code: String, Sendable, Hashable {
            case cannotOpen
        }

        fileprivate let code: Code

        /// The file (or its folder) cannot be created, opened, or migrated to the current schema.
        public static let cannotOpen = Kind(code: .cannotOpen)

        public var description: String { code.rawValue }
    }

    public var kind: Kind
    /// The cache file, as the caller named it.
    public var path: String
    /// Why, as SQLite or the file system says it.
    public var reason: String

    public init(_ kind: Kind, path: String, reason: String) {
        self.kind = kind
        self.path = path
        self.reason = reason
    }

    public var description: String {
        switch kind.code {
        case .cannotOpen: "\(path): cannot open the score cache (\(reason))"
        }
    }
}
