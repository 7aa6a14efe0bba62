import Foundation

/// SHA-256 of model and data files (``SHA256``, streamed), remembered on disk by path, size and modification time so that a
/// multi-hundred-megabyte model is hashed once, not on every load.
public enum FileHash {
    /// The hex SHA-256 of the file at `path`.
    /// - Throws: ``ScoringError`` when the file cannot be read.
    public static func sha256(ofFileAt path: String) throws -> String {
        let url = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
            let size = attributes[.size] as? Int, let modified = attributes[.modificationDate] as? Date
        else { throw ScoringError(.modelNotFound, "cannot read \(path) to hash it") }
        if let recorded = recordedDigest(of: url.path, modified: modified) { return recorded }
        let key = "\(url.path)|\(size)|\(modified.timeIntervalSince1970)"
        let memo = memoDirectory.appendingPathComponent(String(stableHash(key), radix: 16))
        if let saved = try? String(contentsOf: memo, encoding: .utf8) {
            let parts = saved.split(separator: "\n", maxSplits: 1)
            if parts.count == 2, parts[0] == key { return String(parts[1]) }
        }
        let digest = try digest(ofFileAt: url.path)
        try? FileManager.default.createDirectory(at: memoDirectory, withIntermediateDirectories: true)
        try? "\(key)\n\(digest)".write(to: memo, atomically: true, encoding: .utf8)
        return digest
    }

    /// The digest in `path.sha256` (sha256sum's format), which the model installer writes after
    /// checking a file, when that record is at least as new as the file.
    private static func recordedDigest(of path: String, modified: Date) -> String? {
        let record = path + ".sha256"
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: record),
            let written = attributes[.modificationDate] as? Date, written >= modified,
            let text = try? String(contentsOfFile: record, encoding: .utf8),
            let digest = text.split(separator: " ").first, digest.count == 64
        else { return nil }
        return String(digest)
    }

    private static var memoDirectory: URL {
        let base = ProcessInfo.processInfo.environment["CONSENSUS_CACHE"]
            ?? (NSHomeDirectory() + "/.cache/consensus")
        return URL(fileURLWithPath: base).appendingPathComponent("file-hashes")
    }

    /// FNV-1a: stable across runs (Swift's `hashValue` is seeded per process).
    static func stableHash(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }

    /// Hashes the file's bytes with ``SHA256``, reading 4 MiB at a time.
    static func digest(ofFileAt path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ScoringError(.modelNotFound, "cannot open \(path) to hash it")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: 4 << 20) } catch {
                throw ScoringError(.engineFailure, "cannot read \(path) to hash it: \(error)")
            }
            guard let chunk, !chunk.isEmpty else { break }
            chunk.withUnsafeBytes { hasher.update($0) }
        }
        return SHA256.hex(hasher.finalize())
    }
}
