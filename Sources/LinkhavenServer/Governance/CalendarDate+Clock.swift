import Foundation
import LinkhavenCore

extension CalendarDate {
    /// Today's day number (days since 1970-01-01, UTC) at `now`.
    static func today(_ now: Date) -> Int { Int((now.timeIntervalSince1970 / 86_400).rounded(.down)) }

    /// `yyyy-mm-dd` of the UTC day `date` falls on.
    static func isoDay(_ date: Date) -> String { CalendarDate(daysSinceEpoch: today(date)).description }
}

extension CalendarDate {
    /// The date written exactly as `yyyy-mm-dd`, or nil.
    static func iso(_ text: String) -> CalendarDate? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        return CalendarDate(year: y, month: m, day: d)
    }
}
