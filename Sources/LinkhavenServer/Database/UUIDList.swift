import Foundation

/// A short list of ids kept in one column as comma-separated UUIDs (a partnership's members, an
/// agreement's parties, an output's owners, who accepted an admission).
enum UUIDList {
    static func parse(_ text: String) -> [UUID] { text.split(separator: ",").compactMap { UUID(uuidString: String($0)) } }
    static func text(_ ids: [UUID]) -> String { ids.map(\.uuidString).joined(separator: ",") }
}
