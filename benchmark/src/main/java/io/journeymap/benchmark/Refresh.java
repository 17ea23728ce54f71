package io.journeymap.benchmark;

import io.journeymap.model.JourneyModel;
import io.journeymap.model.ModelLoader;
import io.journeymap.pipeline.BuildListener;
import io.journeymap.pipeline.BuildSettings;
import io.journeymap.pipeline.BuildSummary;
import io.journeymap.pipeline.JourneyBuilder;
import io.journeymap.pipeline.SavedModels;
import io.journeymap.store.StoreDifference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A daily refresh against a full build. Every CSV source of a generated world becomes a folder
 * ({@code path: x/*.csv}) holding its history and, after a first build, one more file with the
 * last {@code 1/days} of its rows (the generated rows are not in time order, so "the new day" is
 * a share of rows, not a calendar day). The refresh (unchanged files from the ingest cache) is
 * timed against a full build of the same files, and the two stores are compared table by table.
 * Both score with the conversion model the first build saved, as a daily refresh and a full
 * rebuild without {@code --retrain} do.
 */
final class Refresh {
  private Refresh() {}

  static void run(Path modelFile, int days) throws Exception {
    Path dir = modelFile.getParent();
    String model = Files.readString(modelFile);
    Matcher m = Pattern.compile("path: ([A-Za-z0-9_]+)\\.csv").matcher(model);
    List<Path> newFiles = new ArrayList<>();
    StringBuilder rewritten = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      Path folder = dir.resolve(name);
      Files.createDirectories(folder);
      newFiles.add(split(dir.resolve(name + ".csv"), folder, days));
      m.appendReplacement(rewritten, "path: " + name + "/*.csv");
    }
    m.appendTail(rewritten);
    Path refreshedModel = dir.resolve("refresh.yaml");
    Files.writeString(refreshedModel, rewritten.toString());
    List<Path> aside = new ArrayList<>();
    for (Path f : newFiles) {
      Path a = f.resolveSibling(f.getFileName() + ".later");
      Files.move(f, a);
      aside.add(a);
    }
    JourneyModel jm = ModelLoader.load(refreshedModel);
    Path refreshed = dir.resolve("refreshed.duckdb");
    Path full = dir.resolve("full.duckdb");
    BuildSettings settings = BuildSettings.defaults();

    BuildSummary first = new JourneyBuilder(jm, refreshed, BuildListener.SILENT, settings).build();
    for (int i = 0; i < aside.size(); i++) {
      Files.move(aside.get(i), newFiles.get(i));
    }
    BuildSummary refresh = new JourneyBuilder(jm, refreshed, BuildListener.SILENT, settings)
        .build();
    // both score with the refresh's saved model, as a daily refresh and a full rebuild do
    copyTree(SavedModels.directory(refreshed), SavedModels.directory(full));
    BuildSummary scratch = new JourneyBuilder(jm, full, BuildListener.SILENT,
        settings.withReuseFiles(false)).build();
    System.out.printf(Locale.ROOT, "refresh: first build (history only) %.1f s; one more file"
            + " per source (%,d rows read in all): refresh %.1f s, full build %.1f s,"
            + " refresh / full = %.2f%n", first.seconds(),
        refresh.rowsRead() - first.rowsRead(), refresh.seconds(), scratch.seconds(),
        refresh.seconds() / scratch.seconds());
    Benchmark.printPhases(refreshed);
    System.out.println("tables differing between refresh and full build: "
        + StoreDifference.between(refreshed, full));
  }

  private static void copyTree(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      return;
    }
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /** Moves {@code csv} into {@code folder} as history.csv and day.csv (its last rows). */
  private static Path split(Path csv, Path folder, int days) throws IOException {
    String text = Files.readString(csv);
    String newline = text.contains("\r\n") ? "\r\n" : "\n";
    List<String> lines = new ArrayList<>(List.of(text.split("\r?\n")));
    String header = lines.remove(0);
    int cut = lines.size() - lines.size() / days;
    Files.writeString(folder.resolve("history.csv"), header + newline
        + String.join(newline, lines.subList(0, cut)) + newline);
    Path day = folder.resolve("day.csv");
    Files.writeString(day, header + newline + String.join(newline, lines.subList(cut,
        lines.size())) + newline);
    Files.delete(csv);
    return day;
  }
}
