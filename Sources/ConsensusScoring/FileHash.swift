import Foundation

/// SHA-256 of model files, remembered on disk by path, size and modification time so that a
/// multi-hundred-megabyte model is hashed once, not on every load.
public enum FileHash {
    /// The hex SHA-256 of the file at `path`.
    /// - Throws: ``ScoringError`` when the file cannot be read.
    public static func sha256(ofFileAt path: String) throws -> String {
        let url = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
            let size = attributes[.size] as? Int, let modified = attributes[.modificationDate] as? Date
        else { throw ScoringError(.modelNotFound, "cannot read \(path) to hash it") }
        let key = "\(url.path)|\(size)|\(modified.timeIntervalSince1970)"
        let memo = memoDirectory.appendingPathComponent(String(stableHash(key), radix: 16))
        if let saved = try? String(contentsOf: memo, encoding: .utf8) {
            let parts = saved.split(separator: "\n", maxSplits: 1)
            if parts.count == 2, parts[0] == key { return String(parts[1]) }
        }
        let digest = try run("/usr/bin/sha256sum", url.path)
        try? FileManager.default.createDirectory(at: memoDirectory, withIntermediateDirectories: true)
        try? "\(key)\n\(digest)".write(to: memo, atomically: true, encoding: .utf8)
        return digest
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

    private static func run(_ tool: String, _ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch {
            throw ScoringError(.engineFailure, "cannot run \(tool) to hash \(path): \(error)")
        }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let digest = String(decoding: output, as: UTF8.self).split(separator: " ").first, digest.count == 64
        else { throw ScoringError(.engineFailure, "\(tool) could not hash \(path)") }
        return String(digest)
    }
}
