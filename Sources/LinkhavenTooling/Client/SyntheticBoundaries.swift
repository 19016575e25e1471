import Foundation
import LinkhavenServer

/// Made-up boundaries for the synthetic town's small areas: a row of squares near Basildon, one per
/// area code. They let the demo draw maps; real projects supply their areas' real boundaries.
enum SyntheticBoundaries {
    static func geojson(codes: [String]) -> String {
        let features = codes.sorted().enumerated().map { i, code in
            let x = 0.40 + Double(i % 4) * 0.02, y = 51.56 + Double(i / 4) * 0.0125
            let ring = [[x, y], [x + 0.02, y], [x + 0.02, y + 0.0125], [x, y + 0.0125], [x, y]]
            return Feature(properties: ["code": .string(code), "synthetic": .bool(true)], geometry: .polygon([ring]))
        }
        return (try? FeatureCollection(features: features).text()) ?? ""
    }

    /// The small-area codes of a synthetic partnership directory (`small-areas.csv`).
    static func codes(directory: String) -> [String] {
        let text = (try? String(contentsOfFile: directory + "/small-areas.csv", encoding: .utf8)) ?? ""
        return Array(Set(text.split(whereSeparator: \.isNewline).dropFirst().compactMap { $0.split(separator: ",").last.map(String.init) }))
    }
}
