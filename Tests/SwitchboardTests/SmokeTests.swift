import Testing
@testable import Switchboard

@Test func versionIsSet() {
    #expect(!SwitchboardVersion.current.isEmpty)
}
