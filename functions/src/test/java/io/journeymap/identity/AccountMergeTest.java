package io.journeymap.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AccountMergeTest {
  // kinds: 0 = company id, 1 = workspace id, 2 = email domain
  private static final int[] KINDS = {0, 0, 1, 1, 1, 2};
  private static final int CO1 = 0;
  private static final int CO2 = 1;
  private static final int WS1 = 2;
  private static final int WS2 = 3;
  private static final int WS3 = 4;
  private static final int DOMAIN = 5;

  @Test
  void aPersonLinksACompanyAndAWorkspace() {
    AccountMerge m = new AccountMerge(KINDS, 1);
    assertTrue(m.person(1, new int[] {CO1, WS1, DOMAIN}));
    AccountMerge.Result r = m.finish();
    assertEquals(r.account()[CO1], r.account()[WS1]);
    assertEquals(r.account()[CO1], r.account()[DOMAIN]);
    assertEquals(CO1, r.account()[WS1]); // named by the smallest node: the first kind
  }

  @Test
  void aPersonNamingTwoCompaniesLinksNothing() {
    AccountMerge m = new AccountMerge(KINDS, 1);
    assertFalse(m.person(7, new int[] {CO1, CO2, WS3}));
    AccountMerge.Result r = m.finish();
    assertEquals(List.of(new AccountMerge.PersonRefusal(7, 3, 2)), r.refused());
    assertNotEquals(r.account()[CO1], r.account()[CO2]);
    assertNotEquals(r.account()[CO1], r.account()[WS3]);
  }

  @Test
  void mergedAccountsCountAsOneAndKindsAddUp() {
    AccountMerge m = new AccountMerge(KINDS, 1);
    m.sameRecord(CO1, WS1);
    // a colleague names the company and the same workspace again: one account, linked
    assertTrue(m.person(2, new int[] {CO1, WS1}));
    // a person naming co_1 (with ws_1) and another workspace spans two workspaces
    assertFalse(m.person(3, new int[] {CO1, WS2}));
    // with a limit of 2, the same person may link two workspaces of one company
    AccountMerge lenient = new AccountMerge(KINDS, 2);
    lenient.sameRecord(CO1, WS1);
    assertTrue(lenient.person(3, new int[] {CO1, WS2}));
    AccountMerge.Result r = lenient.finish();
    assertEquals(r.account()[WS1], r.account()[WS2]);
  }
}
