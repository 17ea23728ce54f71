package io.journeymap.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Generates the demo world: a B2B SaaS free trial seen through six raw event exports (CRM, web
 * analytics, product analytics, email, support, billing), the product's user directory, and the
 * model file that maps them.
 *
 * <p>The data carry the noise real exports have: email case and spaces, CRM duplicates, role
 * mailboxes shared by a whole company, devices shared by colleagues, anonymous browsing before
 * signup, junk identifiers, unparseable timestamps and events nobody mapped. As in real B2B
 * exports, systems name a company differently: CRM and billing use the company id
 * ({@code A000042}), the product its own workspace id ({@code ws_5f3c19a2}), and some companies
 * run a second workspace for another team; only the people who appear in both systems link the
 * two. Channel quality differs from channel volume, and a few behaviours are planted (webinar plus
 * two setup steps within five days converts about 2.3 times as often).
 *
 * <p>Beside the data the generator writes its own truth, {@value #TRUTH}: every strong person
 * identifier it wrote, normalised as the model compares it, with the person and company it
 * belongs to, every role address with its company, and every account identifier with its
 * company. Tests measure identity resolution against it.
 *
 * <p>Persons are generated one at a time and streamed to the files, so the size is bounded by
 * disk, not memory; the same seed gives the same files.
 */
public final class DemoWorld {
  /** Changes whenever the generated data or model change, so old demo folders are remade. */
  public static final String VERSION = "5";

  /** The demo period ends here; trials start during the 180 days before. */
  public static final Instant END = Instant.parse("2026-06-30T00:00:00Z");
  private static final long DAY = 86_400_000L;
  private static final long HOUR = 3_600_000L;
  private static final long START = END.toEpochMilli() - 180 * DAY;

  /**
   * The truth file: {@code kind, identifier, level, person, company}. {@code level} is
   * {@code person} (a strong person identifier; {@code person} is the true person number),
   * {@code role} (a role mailbox shared by a company's people: no single person) or
   * {@code account} (a company or workspace id). {@code company} is the true company id.
   * Identifiers are trimmed and, for email and login kinds, lower-cased, as the model compares
   * them.
   */
  public static final String TRUTH = "truth_identities.csv";

  private static final String[] CHANNELS =
      {"paid_social", "organic_search", "email", "partner", "webinar", "referral"};
  private static final double[] CHANNEL_SHARE = {0.36, 0.25, 0.14, 0.09, 0.10, 0.06};
  /** Conversion multipliers: the loudest channel is not the best one. */
  private static final double[] CHANNEL_QUALITY = {0.55, 1.0, 0.9, 1.9, 1.4, 1.6};
  private static final String[] COUNTRIES = {"DE", "NL", "GB", "FR", "US", "ES"};

  private static final DateTimeFormatter CRM_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter EMAIL_TIME =
      DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm").withZone(ZoneId.of("Europe/London"));
  private static final DateTimeFormatter SUPPORT_TIME =
      DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneId.of("America/New_York"));

  private final int persons;
  private final long seed;

  public DemoWorld(int persons, long seed) {
    if (persons < 1) {
      throw new IllegalArgumentException("persons must be at least 1");
    }
    this.persons = persons;
    this.seed = seed;
  }

  /** The model file and the raw rows written over all exports (the truth not counted). */
  public record Written(Path model, long rows) {}

  /**
   * Writes the seven CSV exports, the truth file ({@value #TRUTH}) and {@code journey.yaml}
   * into {@code dir}.
   *
   * @param progress receives the number of persons generated so far, now and then
   */
  public Written writeTo(Path dir, LongConsumer progress) {
    try {
      Files.createDirectories(dir);
      long rowsWritten;
      Outputs f = new Outputs(dir);
      try (f) {
        int company = 0;
        int left = 0;
        int companySize = 0;
        int firstOfCompany = 0;
        boolean secondWorkspace = false;
        for (int p = 0; p < persons; p++) {
          if (left == 0) {
            SplittableRandom cr = new SplittableRandom(seed * 31 + company + 1);
            companySize = 1 + cr.nextInt(cr.nextInt(10) == 0 ? 8 : 3);
            // another team of the company starts its own workspace
            secondWorkspace = companySize > 1 && cr.nextInt(8) == 0;
            left = companySize;
            firstOfCompany = p;
            company++;
            company(f, company);
          }
          left--;
          // in a company with two workspaces every second colleague works in the other one
          boolean second = secondWorkspace && (p - firstOfCompany) % 2 == 1;
          String workspace = workspace(company, second);
          if (second && p - firstOfCompany == 1) {
            f.truth.printRecord("workspace", workspace, "account", "", account(company));
          }
          person(f, p, company, companySize, firstOfCompany, workspace);
          if ((p + 1) % 10_000 == 0) {
            progress.accept(p + 1);
          }
        }
        progress.accept(persons);
      }
      rowsWritten = f.rows;
      Path model = dir.resolve("journey.yaml");
      try (InputStream in = DemoWorld.class.getResourceAsStream("journey.yaml")) {
        Files.copy(in, model, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      return new Written(model, rowsWritten);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write demo data to " + dir, e);
    }
  }

  private static String account(int company) {
    return String.format(Locale.ROOT, "A%06d", company);
  }

  private static String domain(int company) {
    return "company" + company + ".example";
  }

  /**
   * The product's id of a company's workspace: unrelated to the company id, as ids of two
   * systems are. {@code x -> x * odd + c (mod 2^32)} is a bijection, and second workspaces use
   * x with the top bit set, so no two workspaces share an id.
   */
  private String workspace(int company, boolean second) {
    long x = (company & 0x7fffffffL) | (second ? 0x80000000L : 0);
    return String.format(Locale.ROOT, "ws_%08x", (x * 0x9E3779B1L + seed) & 0xffffffffL);
  }

  /** Truth of a company's own identifiers: its id, its first workspace, its role mailbox. */
  private void company(Outputs f, int company) throws IOException {
    String id = account(company);
    f.truth.printRecord("account", id, "account", "", id);
    f.truth.printRecord("workspace", workspace(company, false), "account", "", id);
    if (company % 7 == 0) {
      f.truth.printRecord("email", "info@" + domain(company), "role", "", id);
    }
  }

  private void person(Outputs f, int p, int company, int companySize, int firstOfCompany,
      String workspace) throws IOException {
    SplittableRandom r = new SplittableRandom(seed * 1_000_003L + p);
    // the user directory draws from its own stream, so adding it changed no other row
    SplittableRandom extra = new SplittableRandom(seed * 7_000_003L + p + 0x5DEECE66DL);
    String contact = String.format(Locale.ROOT, "C%07d", p);
    String login = String.format(Locale.ROOT, "u%07d", p);
    String domain = domain(company);
    String email = "person" + p + "@" + domain;
    String account = account(company);
    f.truth.printRecord("customer_id", contact, "person", p, account);
    f.truth.printRecord("login_id", login, "person", p, account);
    f.truth.printRecord("email", email, "person", p, account);
    // the product's user directory: one row per user, as an admin export shows it
    f.users.printRecord(extra.nextInt(15) == 0 ? login.toUpperCase(Locale.ROOT) : login,
        extra.nextInt(10) == 0 ? messy(extra, email) : email, workspace);
    String cookie = Long.toHexString(seed ^ (p * 0x9E3779B97F4A7C15L));
    // colleagues sometimes share one laptop: a device id seen for two persons
    int deviceOwner = r.nextInt(25) == 0 && p > firstOfCompany ? firstOfCompany : p;
    String device = "dv" + Long.toHexString(seed + deviceOwner * 7919L);
    int ch = pick(r, CHANNEL_SHARE);
    String channel = CHANNELS[ch];
    String campaign = channel + "_" + (1 + r.nextInt(3));
    String country = COUNTRIES[r.nextInt(COUNTRIES.length)];
    String tier = r.nextInt(4) == 0 ? "team" : "starter";

    long t0 = START + (long) (r.nextDouble() * 180 * DAY);
    // anonymous research before signup: cookie only, first touch carries the channel
    long firstTouch = t0 - (long) ((0.2 + r.nextDouble() * 6) * DAY);
    int research = 1 + r.nextInt(ch == 1 ? 6 : 3);
    for (int i = 0; i < research; i++) {
      long t = firstTouch + (long) (i * (t0 - firstTouch) / (double) (research + 1));
      String page = i == 0 ? "/" : (r.nextInt(3) == 0 ? "/pricing" : "/docs/page" + r.nextInt(40));
      f.web.printRecord(iso(t), cookie, "", page, i == 0 ? channel : "",
          i == 0 ? campaign : "");
    }
    // CRM lead, sometimes twice (duplicate record with a messy email)
    f.crm.printRecord(contact, messy(r, email), account, CRM_TIME.format(Instant.ofEpochMilli(
        t0 - (long) (r.nextDouble() * HOUR))), channel, campaign, country);
    if (r.nextInt(20) == 0) {
      String duplicate = String.format(Locale.ROOT, "D%07d", p);
      f.truth.printRecord("customer_id", duplicate, "person", p, account);
      f.crm.printRecord(duplicate,
          " " + email.toUpperCase(Locale.ROOT) + " ", account,
          CRM_TIME.format(Instant.ofEpochMilli(t0 + r.nextInt(5) * DAY)), channel, campaign,
          country);
    }
    // role mailbox: companies with several trial users all registered info@ in the CRM
    if (company % 7 == 0) {
      f.crm.printRecord(contact, "info@" + domain, account,
          CRM_TIME.format(Instant.ofEpochMilli(t0 + HOUR)), channel, campaign, country);
    }
    boolean badClock = r.nextInt(200) == 0;
    // the signup event is where the product learns the person's email
    f.product.printRecord(badClock ? "not-a-time" : String.valueOf(t0), messy(r, login).trim(),
        messy(r, email), "Trial Started", device, workspace, tier);

    boolean webinar = r.nextDouble() < (ch == 4 ? 0.7 : 0.2);
    long webinarAt = t0 + (long) (r.nextDouble() * 4 * DAY);
    if (webinar) {
      f.web.printRecord(iso(webinarAt), cookie, login, "/webinar/w" + (1 + r.nextInt(5))
          + "/attended", "", "");
    }
    double engagement = r.nextDouble();
    int setupSteps = engagement < 0.25 ? 0 : 1 + r.nextInt(engagement > 0.6 ? 4 : 2);
    long[] setupAt = new long[setupSteps];
    for (int s = 0; s < setupSteps; s++) {
      setupAt[s] = t0 + (long) ((s + r.nextDouble()) * (engagement > 0.5 ? 1.2 : 2.6) * DAY);
      f.product.printRecord(setupAt[s], login, "", "setup_step_" + (s + 1) + "_done", device,
          workspace, tier);
    }
    int features = setupSteps == 0 ? r.nextInt(2) : r.nextInt(2 + (int) (engagement * 10));
    for (int i = 0; i < features; i++) {
      f.product.printRecord(t0 + (long) (r.nextDouble() * 14 * DAY), login, "", "Feature Used",
          device, workspace, tier);
    }
    boolean invited = companySize > 1 && r.nextDouble() < 0.35;
    if (invited) {
      f.product.printRecord(t0 + (long) ((1 + r.nextDouble() * 8) * DAY), login, "", "Invite Sent",
          device, workspace, tier);
    }
    if (r.nextInt(40) == 0) {
      f.product.printRecord(t0 + HOUR, login, "", "debug_ping", device, workspace, tier);
    }
    for (int i = 0; i < 2 + r.nextInt(5); i++) {
      long t = t0 + (long) (r.nextDouble() * 18 * DAY);
      f.web.printRecord(iso(t), cookie, r.nextBoolean() ? login : "",
          r.nextInt(4) == 0 ? "/pricing" : "/docs/page" + r.nextInt(40), "", "");
    }
    // lifecycle emails: day 1, 3, 7, 12
    for (int day : new int[] {1, 3, 7, 12}) {
      long sent = t0 + day * DAY + r.nextInt(8) * HOUR;
      String to = r.nextInt(60) == 0 ? "N/A" : messy(r, email);
      String camp = "onboarding_d" + day;
      f.email.printRecord(EMAIL_TIME.format(Instant.ofEpochMilli(sent)), to, "delivered", camp);
      if (r.nextDouble() < 0.45 + engagement * 0.3) {
        f.email.printRecord(EMAIL_TIME.format(Instant.ofEpochMilli(sent + HOUR * (1 + r.nextInt(20)))),
            to, "open", camp);
        if (r.nextDouble() < 0.3) {
          f.email.printRecord(EMAIL_TIME.format(Instant.ofEpochMilli(sent + HOUR * 22)), to,
              "click", camp);
        }
      }
    }
    if (r.nextDouble() < 0.12) {
      f.support.printRecord(SUPPORT_TIME.format(Instant.ofEpochMilli(
          t0 + (long) (r.nextDouble() * 10 * DAY))), messy(r, email),
          r.nextBoolean() ? "setup" : "billing");
    }

    // outcome: base rate shaped by channel quality and planted behaviours
    int earlySetup = 0;
    for (long t : setupAt) {
      if (t <= t0 + 5 * DAY) {
        earlySetup++;
      }
    }
    double pConvert = 0.10 * CHANNEL_QUALITY[ch];
    if (webinar && earlySetup >= 2) {
      pConvert *= 2.3;
    }
    if (invited) {
      pConvert *= 1.4;
    }
    if (setupSteps == 0) {
      pConvert *= 0.25;
    }
    if (r.nextDouble() < Math.min(0.9, pConvert)) {
      // most pay inside the 21-day window, some just after it (late converters)
      double days = 6 + r.nextDouble() * (r.nextInt(8) == 0 ? 30 : 15);
      long paid = t0 + (long) (days * DAY);
      if (paid < END.toEpochMilli()) {
        f.billing.printRecord(r.nextInt(30) == 0 ? "" : contact, account, iso(paid),
            tier.equals("team") ? "team_annual" : "starter_monthly",
            tier.equals("team") ? "1490.00" : "49.00");
      }
    }
  }

  private static int pick(SplittableRandom r, double[] shares) {
    double x = r.nextDouble();
    for (int i = 0; i < shares.length; i++) {
      x -= shares[i];
      if (x < 0) {
        return i;
      }
    }
    return shares.length - 1;
  }

  /** Email or login as hand-typed exports show it: random case and stray spaces. */
  private static String messy(SplittableRandom r, String value) {
    return switch (r.nextInt(10)) {
      case 0 -> value.toUpperCase(Locale.ROOT);
      case 1 -> " " + value;
      case 2 -> Character.toUpperCase(value.charAt(0)) + value.substring(1) + " ";
      default -> value;
    };
  }

  private static String iso(long epochMillis) {
    return LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC)
        .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + "Z";
  }

  /** The output files, each with its header: seven raw exports and the truth. */
  private static final class Outputs implements AutoCloseable {
    final CSVPrinter crm;
    final CSVPrinter web;
    final CSVPrinter product;
    final CSVPrinter email;
    final CSVPrinter support;
    final CSVPrinter billing;
    final CSVPrinter users;
    /** Not an export: the truth about the identifiers the exports carry. */
    final CSVPrinter truth;
    private final List<CSVPrinter> all = new ArrayList<>();
    long rows;

    Outputs(Path dir) throws IOException {
      crm = open(dir, "crm_contacts.csv", "contact_id", "email", "company_id", "created_at",
          "lead_source", "campaign", "country");
      web = open(dir, "web_events.csv", "ts", "cookie_id", "login", "page", "utm_source",
          "utm_campaign");
      product = open(dir, "product_events.csv", "event_time", "user_id", "user_email",
          "event_name", "device", "workspace", "plan_tier");
      email = open(dir, "email_events.csv", "occurred", "recipient", "type", "campaign");
      support = open(dir, "support_tickets.csv", "created", "requester_email", "category");
      billing = open(dir, "billing_payments.csv", "customer", "account", "paid_at", "plan",
          "amount_eur");
      users = open(dir, "users.csv", "login", "email", "workspace");
      truth = open(dir, TRUTH, "kind", "identifier", "level", "person", "company");
      all.remove(truth);
    }

    private CSVPrinter open(Path dir, String name, String... header) throws IOException {
      Writer w = Files.newBufferedWriter(dir.resolve(name), StandardCharsets.UTF_8);
      CSVPrinter printer = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(header).get());
      all.add(printer);
      return printer;
    }

    @Override
    public void close() throws IOException {
      for (CSVPrinter p : all) {
        rows += p.getRecordCount() - 1; // the header line counts as a record
        p.close();
      }
      truth.close();
    }
  }
}
