package io.journeymap.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the optional {@code triggers:} section, with located problems like the rest. */
final class TriggerLoader {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final String[] KEYS = {"name", "description", "when", "action", "holdout",
      "contact", "live_since"};

  private TriggerLoader() {}

  interface InstantReader {
    Instant read(YamlNode parent, String key);
  }

  static List<Trigger> triggers(YamlNode top, Set<String> events, IdentityPolicy identity,
      InstantReader instants) {
    List<Trigger> out = new ArrayList<>();
    if (!top.has("triggers")) {
      return out;
    }
    Set<String> names = new HashSet<>();
    for (YamlNode t : top.list("triggers")) {
      if (!t.expectObject("a trigger", KEYS)) {
        continue;
      }
      String name = t.string("name", true);
      if (name != null && !NAME.matcher(name).matches()) {
        t.get("name").problem("trigger name '" + name + "' must be lower_snake_case");
      } else if (name != null && !names.add(name)) {
        t.get("name").problem("trigger '" + name + "' is declared twice");
      }
      String when = t.string("when", true);
      if (when != null) {
        try {
          StageCondition.Checked rule = StageCondition.check(when, Trigger.TEXT_VARIABLES);
          for (String word : rule.names()) {
            if (Trigger.VARIABLES.contains(word) && events.contains(word)) {
              t.get("when").problem("'" + word + "' is both a canonical event and a journey"
                  + " variable; rename the event");
            } else if (!events.contains(word) && !Trigger.VARIABLES.contains(word)) {
              t.get("when").problem("'" + word + "' in the trigger rule is neither a canonical"
                  + " event (" + String.join(", ", events) + ") nor a journey variable ("
                  + String.join(", ", Trigger.VARIABLES) + ")");
            }
          }
          for (StageCondition.Comparison c : rule.comparisons()) {
            String wrong = valueProblem(c);
            if (wrong != null) {
              t.get("when").problem("trigger rule '" + when + "': " + wrong
                  + " (at character " + (c.offset() + 1) + " of the rule)");
            }
          }
        } catch (StageCondition.Invalid e) {
          t.get("when").problem("trigger rule '" + when + "': " + e.getMessage()
              + " (at character " + (e.offset() + 1) + " of the rule)");
        }
      }
      String action = t.string("action", true);
      double holdout = Trigger.DEFAULT_HOLDOUT;
      String h = t.string("holdout", false);
      if (h != null) {
        try {
          holdout = Double.parseDouble(h.trim().endsWith("%")
              ? h.trim().substring(0, h.trim().length() - 1) : h.trim())
              / (h.trim().endsWith("%") ? 100 : 1);
          if (!(holdout > 0 && holdout <= 0.5)) {
            t.get("holdout").problem("holdout is the share kept out to measure the effect:"
                + " more than 0 and at most 0.5 (e.g. 0.1 or 10%), not " + h);
          }
        } catch (NumberFormatException e) {
          t.get("holdout").problem("holdout must be a share such as 0.1 or 10%, not '" + h
              + "'");
        }
      }
      List<String> contact = t.strings("contact");
      for (int i = 0; i < contact.size(); i++) {
        if (!identity.kinds().containsKey(contact.get(i))
            && !contact.get(i).equals(Source.ACCOUNT_KIND)) {
          YamlNode list = t.get("contact");
          (list.isText() ? list : list.item(i)).problem("contact lists identifier kinds to"
              + " export; '" + contact.get(i) + "' is not one of: "
              + String.join(", ", identity.kinds().keySet()));
        }
      }
      Instant live = instants.read(t, "live_since");
      out.add(new Trigger(name, t.string("description", false), when, action, holdout, contact,
          live));
    }
    return out;
  }

  /** What is wrong with comparing a score variable with this value, or null. */
  private static String valueProblem(StageCondition.Comparison c) {
    if (c.name().equals("score_band") && !Trigger.SCORE_BANDS.contains(c.value())) {
      return "score_band is " + String.join(", ", Trigger.SCORE_BANDS) + ", not '" + c.value()
          + "'";
    }
    if (c.name().equals("p_convert") && Double.parseDouble(c.value()) > 1) {
      return "p_convert is a probability from 0 to 1 (0.2, not 20)";
    }
    return null;
  }
}
