#if Server && RemoteEngines
import ConsensusScoring
import Foundation

/// What `bench load` measured, as text or JSON.
struct LoadReport {
    var clients: Int
    var endpoint: String
    var results: [(Duration, Bool)]
    var wall: Duration
    var peakRSS: Int?
    var serverThreads: Int?

    /// Questions the clients send; candidates are rotated between rounds so that prompts vary.
    static let questions: [(String, [String])] = [
        ("Which planet is known as the Red Planet?", ["Mars", "Venus", "Jupiter", "Saturn"]),
        ("What is the boiling point of water at sea level?", ["100 degrees Celsius", "50 degrees Celsius", "0 degrees Celsius", "200 degrees Celsius"]),
        ("Which gas do plants absorb from the air?", ["Carbon dioxide", "Oxygen", "Nitrogen", "Helium"]),
        ("What is the largest ocean on Earth?", ["The Pacific Ocean", "The Atlantic Ocean", "The Indian Ocean", "The Arctic Ocean"]),
        ("Who wrote Romeo and Juliet?", ["William Shakespeare", "Charles Dickens", "Jane Austen", "Mark Twain"]),
        ("What do bees make?", ["Honey", "Milk", "Silk", "Wool"]),
        ("How many legs does a spider have?", ["Eight", "Six", "Four", "Ten"]),
        ("What is frozen water called?", ["Ice", "Steam", "Fog", "Dew"]),
    ]

    private var seconds: Double { wall.milliseconds / 1e3 }
    private var latencies: [Double] {
        results.map { $0.0.milliseconds }.sorted()
    }
    private var errors: Int { results.filter { !$0.1 }.count }

    private func percentile(_ p: Double) -> Double {
        let values = latencies
        guard !values.isEmpty else { return .nan }
        return values[min(values.count - 1, Int((p * Double(values.count)).rounded(.up)) - 1)]
    }

    var text: String {
        """
        clients \(clients), endpoint /v1/\(endpoint), requests \(results.count), errors \(errors)\(serverThreads.map { ", server threads \($0)" } ?? "")
        wall \(String(format: "%.1f", seconds)) s, throughput \(String(format: "%.2f", Double(results.count - errors) / seconds)) requests/s
        latency p50 \(String(format: "%.0f", percentile(0.5))) ms, p99 \(String(format: "%.0f", percentile(0.99))) ms
        server peak RSS \(peakRSS.map { "\($0 >> 20) MiB" } ?? "unknown")
        """
    }

    var json: String {
        let object: [String: Any] = [
            "clients": clients, "endpoint": endpoint, "requests": results.count, "errors": errors,
            "wall_seconds": seconds, "throughput_per_second": Double(results.count - errors) / seconds,
            "p50_ms": percentile(0.5), "p99_ms": percentile(0.99), "server_peak_rss_bytes": peakRSS ?? NSNull(),
            "server_threads": serverThreads ?? NSNull(),
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
#endif
