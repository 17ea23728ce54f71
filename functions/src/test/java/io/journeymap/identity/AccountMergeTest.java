package io.journeymap.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AccountMergeTest {
  // kinds: 0 = company id (one per account), 1 = workspace id, 2 = email domain (no limit)
  private static final int[] KINDS = {0, 0, 1, 1, 1, 2};
  private static final int CO1 = 0;
  private static final int CO2 = 1;
  private static final int WS1 = 2;
  private static final int WS2 = 3;
  private static final int WS3 = 4;
  private static final int DOMAIN = 5;

  @Test
  void aPersonLinksACompanyAWorkspaceAndADomain() {
    AccountMerge m = new AccountMerge(KINDS, new int[] {1, 1, 0});
    assertTrue(m.person(1, new int[] {CO1, WS1, DOMAIN}));
    AccountMerge.Result r = m.finish();
    assertEquals(r.account()[CO1], r.account()[WS1]);
    assertEquals(r.account()[CO1], r.account()[DOMAIN]);
    assertEquals(CO1, r.account()[WS1]); // named by the smallest node: the first kind
  }

  @Test
  void aPersonNamingTwoCompaniesLinksNothing() {
    AccountMerge m = new AccountMerge(KINDS, new int[] {1, 0, 0});
    assertFalse(m.person(7, new int[] {CO1, CO2, WS3}));
    AccountMerge.Result r = m.finish();
    assertEquals(List.of(new AccountMerge.PersonRefusal(7, 3, 0, 2)), r.refused());
    assertNotEquals(r.account()[CO1], r.account()[CO2]);
    assertNotEquals(r.account()[CO1], r.account()[WS3]);
  }

  @Test
  void limitsCountWhatTheMergedAccountWouldHold() {
    // one workspace per account: co_1 already holds ws_1, so a person of co_1 in ws_2 spans two
    AccountMerge strict = new AccountMerge(KINDS, new int[] {1, 1, 0});
    strict.sameRecord(CO1, WS1);
    assertTrue(strict.person(2, new int[] {CO1, WS1}));
    assertFalse(strict.person(3, new int[] {CO1, WS2}));
    // a company may run several workspaces: the same person then links ws_2 to co_1
    AccountMerge lenient = new AccountMerge(KINDS, new int[] {1, 0, 0});
    lenient.sameRecord(CO1, WS1);
    assertTrue(lenient.person(3, new int[] {CO1, WS2}));
    // but a person of ws_2 who is also a contact of co_2 cannot join co_1 and co_2
    assertFalse(lenient.person(4, new int[] {WS2, CO2}));
    AccountMerge.Result r = lenient.finish();
    assertEquals(r.account()[WS1], r.account()[WS2]);
    assertNotEquals(r.account()[CO1], r.account()[CO2]);
  }
}
