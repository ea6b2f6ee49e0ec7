import Foundation
import Testing
@testable import Switchboard

/// Time bounds as id bounds, at the edges (what `--since 2999-01-01` or `--since 100000d` give).
@Suite struct MessageIDDateTests {
    @Test func boundsOutsideTheIdRangeClampInsteadOfWrapping() {
        let now = MessageID.next()
        let future = MessageID.lowerBound(of: Date(timeIntervalSince1970: 32_472_144_000))  // 2999-01-01
        #expect(future.rawValue == Int64.max && now < future)
        #expect(MessageID.lowerBound(of: .distantFuture).rawValue == Int64.max)
        #expect(MessageID.lowerBound(of: Date(timeIntervalSince1970: -86_400)).rawValue == 0)
        #expect(MessageID.lowerBound(of: .distantPast).rawValue == 0)
        #expect(MessageID.lowerBound(of: Date(timeIntervalSince1970: -1e300)).rawValue == 0)
    }

    @Test func boundsInsideTheRangeAreTheMillisecond() {
        let date = Date(timeIntervalSince1970: 1_767_225_600.1234)
        let bound = MessageID.lowerBound(of: date)
        #expect(bound.milliseconds == 1_767_225_600_123)
        #expect(bound == MessageID(milliseconds: 1_767_225_600_123))
    }
}
