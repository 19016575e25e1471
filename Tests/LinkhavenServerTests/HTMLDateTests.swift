import Foundation
@testable import LinkhavenServer
import LinkhavenTooling
import Testing

@Suite struct HTMLDateTests {
    @Test func datesAreWrittenInLondonTime() {
        #expect(HTML.date(Date(timeIntervalSince1970: 1_796_306_700)) == "3 December 2026, 14:05")   // GMT
        #expect(HTML.date(Date(timeIntervalSince1970: 1_782_907_200)) == "1 July 2026, 13:00")       // 12:00 UTC is 13:00 BST
        #expect(HTML.date(Date(timeIntervalSince1970: 1_775_005_200)) == "1 April 2026, 02:00")      // single-digit day, leading-zero hour
        #expect(HTML.date(nil) == "—")
    }
}
