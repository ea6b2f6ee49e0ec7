import Foundation
import Testing
@testable import Switchboard

@Suite struct OutcomeLogOptOutTests {
    static let optOuts = [
        "STOP", "stop", "Stop", " STOP ", "STOP.", "stop!", "\tStop\n", "STOPALL", "stopall", "STOP ALL", "stop   all",
        "UNSUBSCRIBE", "unsubscribe.", "CANCEL", "END", "end", "QUIT", "Quit!", "REVOKE", "OPT OUT", "opt-out", "optout",
        "STOPP", "Stopp", "ARRET", "ARRÊT", "arrêt", "Arrêt !", "BAJA", "baja", "¡Baja!", "AFMELDEN", "Abmelden",
        "\"STOP\"",
    ]
    static let optIns = ["START", "start", "Start.", "UNSTOP", "unstop", "YES", "yes!", " Yes ", "OPT IN", "opt-in"]
    static let neither = [
        "", " ", ".", "don't stop", "Please stop", "stop it", "STOP STOP", "stopped", "STOPPING", "unstoppable",
        "START NOW", "yes please", "yesterday", "no", "the end", "Arrête", "bajar", "S T O P", "STOP ALL NOW",
        "Hello, what is my code?", String(repeating: "STOP ", count: 30),
    ]

    @Test(arguments: optOuts)
    func optOutKeywords(text: String) {
        #expect(OptOutKeywords.isOptOut(text))
        #expect(!OptOutKeywords.isOptIn(text))
    }

    @Test(arguments: optIns)
    func optInKeywords(text: String) {
        #expect(OptOutKeywords.isOptIn(text))
        #expect(!OptOutKeywords.isOptOut(text))
    }

    @Test(arguments: neither)
    func otherTextIsNeither(text: String) {
        #expect(!OptOutKeywords.isOptOut(text))
        #expect(!OptOutKeywords.isOptIn(text))
    }

    @Test func optOutListAndRemovalGoThroughTheWriterInOrder() async throws {
        let t = try TemporaryLog()
        defer { t.remove() }
        #expect(try t.log.optOuts().isEmpty)
        try await t.log.write([.optOut(number: "+31612345678", source: "inbound STOP", at: 1),
                               .optOut(number: "+4915112345678", source: "api", at: 2),
                               .optOut(number: "+33612345678", source: "api", at: 3)])
        #expect(try t.log.optOuts() == ["+31612345678", "+33612345678", "+4915112345678"])
        try await t.log.removeOptOut("+4915112345678")
        #expect(try t.log.optOuts() == ["+31612345678", "+33612345678"])
        #expect(try !t.log.isOptedOut("+4915112345678"))
        try await t.log.removeOptOut("+4400000000")  // not on the list: nothing happens
        // STOP, START, STOP queued in that order end opted out; START, STOP, START end opted in.
        t.log.enqueue([.optOut(number: "+1555", source: "STOP", at: 4)])
        t.log.enqueue([.removeOptOut(number: "+1555")])
        t.log.enqueue([.optOut(number: "+1555", source: "STOP", at: 5)])
        t.log.enqueue([.optOut(number: "+1666", source: "STOP", at: 4), .removeOptOut(number: "+1666")])
        try await t.log.write([])
        #expect(try t.log.isOptedOut("+1555"))
        #expect(try !t.log.isOptedOut("+1666"))
    }
}
