import Foundation

/// Prometheus text samples, `name{label="value",…} number`, summed over the samples whose labels include those asked for.
public struct PrometheusSamples: Sendable {
    private var samples: [(name: String, labels: [String: String], value: Double)] = []
    public init(_ text: String) {
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            let series = line[..<space]
            guard let brace = series.firstIndex(of: "{") else { samples.append((String(series), [:], value)); continue }
            var labels: [String: String] = [:]
            for pair in series[series.index(after: brace)..<series.index(before: series.endIndex)].split(separator: ",") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                if kv.count == 2 { labels[String(kv[0])] = String(kv[1].dropFirst().dropLast()) }
            }
            samples.append((String(series[..<brace]), labels, value))
        }
    }
    /// The sum of `name`'s samples with these labels, or nil when there is none.
    public func value(_ name: String, _ labels: [String: String]) -> Double? {
        let matching = samples.filter { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }
        return matching.isEmpty ? nil : matching.reduce(0) { $0 + $1.value }
    }
}
