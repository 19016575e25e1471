import Foundation
import LinkhavenCore

extension CalendarDate {
    /// Today's day number (days since 1970-01-01, UTC) at `now`.
    static func today(_ now: Date) -> Int { Int((now.timeIntervalSince1970 / 86_400).rounded(.down)) }

    /// `yyyy-mm-dd` of the UTC day `date` falls on.
    static func isoDay(_ date: Date) -> String { CalendarDate(daysSinceEpoch: today(date)).description }
}
