package org.carbonregistry.registry.imports;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.Commitment;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.account.OpenAccount;
import org.carbonregistry.registry.batch.CancelCredits;
import org.carbonregistry.registry.batch.IssueCredits;
import org.carbonregistry.registry.batch.IssuedBatches;
import org.carbonregistry.registry.batch.RetireCredits;
import org.carbonregistry.registry.directory.Directory;
import org.carbonregistry.registry.imports.ExportRow.Status;
import org.carbonregistry.registry.imports.ImportIndex.Claim;
import org.carbonregistry.registry.project.RegisterProject;
import org.carbonregistry.registry.rules.CommandRefused;
import org.carbonregistry.registry.rules.Stamps;
import org.carbonregistry.registry.web.RegistryCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads a programme's export row by row from the request's stream and makes each row a batch through the ordinary
 * commands: the project registered if new, {@code IssueCredits} to the programme's import account, then
 * {@code RetireCredits} or {@code CancelCredits} for a row the programme shows retired or cancelled. Only the
 * current row and the first {@value #LISTED} created batches and refusals are held, so memory stays bounded
 * whatever the file's size.
 */
@Component
class Importer {

    /** How many created batches and refused rows an answer lists; the counts cover all of them. */
    static final int LISTED = 1_000;
    /** Projects of one import remembered as registered; an export has far fewer, and memory stays bounded. */
    private static final int KNOWN_PROJECTS = 100_000;
    private static final Logger log = LoggerFactory.getLogger(Importer.class);
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();

    private final RegistryCommands commands;
    private final ImportIndex index;
    private final Directory directory;
    private final IssuedBatches batches;
    private final Stamps stamps;
    private final int progressEvery;

    Importer(RegistryCommands commands, ImportIndex index, Directory directory, IssuedBatches batches, Stamps stamps,
             @Value("${registry.imports.progress-every}") int progressEvery) {
        this.commands = commands;
        this.index = index;
        this.directory = directory;
        this.batches = batches;
        this.stamps = stamps;
        this.progressEvery = progressEvery;
    }

    record CreatedBatch(long row, String batchId, String externalSerials, Status status, long quantity) {
    }

    record RefusedRow(long row, String reason) {
    }

    /**
     * What an import did. Rows are numbered as a spreadsheet shows them: the header is row 1. {@code batchesCreated}
     * counts batches issued now, {@code rowsUnchanged} rows whose range was imported before with the same outcome.
     */
    record ImportReport(String importId, String source, long rowsRead, long batchesCreated, long rowsCompleted,
                        long rowsUnchanged, long rowsRefusedTotal, List<CreatedBatch> batches,
                        List<RefusedRow> rowsRefused) {
    }

    ImportReport run(ImportSource source, InputStream csv, Actor actor) {
        actor.requireAdmin("import credits");
        String importId = UUID.randomUUID().toString();
        try (MappingIterator<List<String>> rows = CSV.readerForListOf(String.class).readValues(csv)) {
            List<String> header = header(rows, source);
            String account = importAccount(source, actor);
            var run = new Run(importId, source, header, account, actor);
            log.info("import {} from {} started", importId, source.code);
            long rowNumber = 1;
            while (true) {
                List<String> cells;
                try {
                    if (!rows.hasNextValue()) {
                        break;
                    }
                    cells = rows.nextValue();
                } catch (IOException | RuntimeException e) {
                    // The CSV itself is broken here (an unclosed quote, say): what follows cannot be told apart.
                    run.refuse(rowNumber + 1, "the file cannot be read as CSV from here on: " + e.getMessage()
                            .lines().findFirst().orElse(""));
                    break;
                }
                rowNumber++;
                run.row(rowNumber, cells);
                if ((rowNumber - 1) % progressEvery == 0) {
                    run.progress(rowNumber - 1);
                }
            }
            log.info("import {} from {} done: {}", importId, source.code, run.summary(rowNumber - 1));
            return run.report(rowNumber - 1);
        } catch (IOException e) {
            throw CommandRefused.invalid("the body cannot be read as CSV: " + e.getMessage());
        }
    }

    private static List<String> header(MappingIterator<List<String>> rows, ImportSource source) throws IOException {
        if (!rows.hasNextValue()) {
            throw CommandRefused.invalid("the file is empty: send the " + source.code
                    + " export with its header row");
        }
        // a spreadsheet's UTF-8 export may start with a byte order mark
        List<String> header = rows.nextValue().stream().map(c -> c.replace("\uFEFF", "").strip()).toList();
        List<String> missing = source.format.requiredColumns().stream().filter(c -> !header.contains(c)).toList();
        if (!missing.isEmpty()) {
            throw CommandRefused.invalid("the header lacks the " + source.code + " export's columns " + missing
                    + "; it has " + header);
        }
        return header;
    }

    /** The account that holds a programme's imported credits: opened on the first import from it. */
    private String importAccount(ImportSource source, Actor actor) {
        String accountId = index.idFor(ImportIndex.accountKey(source));
        if (directory.account(accountId).isEmpty()) {
            commands.send(new OpenAccount(accountId, source.accountName, AccountType.PROJECT_DEVELOPER,
                    source.jurisdiction, actor));
        }
        return accountId;
    }

    /** One import as it goes: its counts and the head of its lists. */
    private final class Run {

        private final String importId;
        private final ImportSource source;
        private final List<String> header;
        private final String account;
        private final Actor actor;
        private final List<CreatedBatch> created = new ArrayList<>();
        private final List<RefusedRow> refused = new ArrayList<>();
        /** programme project id -> registered project, for the rows that follow (at most KNOWN_PROJECTS) */
        private final Map<String, String> registered = new HashMap<>();
        private final long startedAt = System.nanoTime();
        private long batchesCreated;
        private long completed;
        private long unchanged;
        private long refusedTotal;

        Run(String importId, ImportSource source, List<String> header, String account, Actor actor) {
            this.importId = importId;
            this.source = source;
            this.header = header;
            this.account = account;
            this.actor = actor;
        }

        void row(long rowNumber, List<String> cells) {
            try {
                if (cells.size() != header.size()) {
                    throw new RowRefused("the row has " + cells.size() + " fields, the header " + header.size());
                }
                Map<String, String> byColumn = new HashMap<>();
                for (int i = 0; i < cells.size(); i++) {
                    byColumn.put(header.get(i), cells.get(i));
                }
                ExportRow row = source.format.read(byColumn);
                Claim claim = index.claim(source, row, importId, rowNumber);
                switch (claim.outcome()) {
                    case OVERLAP -> throw new RowRefused("serial range " + row.range().serials() + " overlaps "
                            + claim.range().serials() + ", imported as batch " + claim.range().batchId()
                            + ": the same credits cannot be issued twice");
                    case SAME -> same(rowNumber, row, claim.range());
                    case NEW -> fresh(rowNumber, row, claim.range());
                }
            } catch (RowRefused | CommandRefused e) {
                refuse(rowNumber, e.getMessage());
            }
        }

        private void same(long rowNumber, ExportRow row, ImportedRange existing) {
            if (existing.status() != row.status()) {
                throw new RowRefused("serial range " + row.range().serials() + " was imported as batch "
                        + existing.batchId() + " " + existing.status() + "; this export says " + row.status()
                        + ", and a later change of status is not imported");
            }
            if (settle(row, existing.batchId(), batches.totals(existing.batchId()))) {
                completed++;
            } else {
                unchanged++;
            }
        }

        private void fresh(long rowNumber, ExportRow row, ImportedRange claimed) {
            try {
                // claimed just now, so there is no batch yet
                settle(row, claimed.batchId(), Optional.empty());
            } catch (CommandRefused e) {
                if (batches.totals(claimed.batchId()).isEmpty()) {
                    index.release(claimed.batchId());
                }
                throw e;
            }
            batchesCreated++;
            if (created.size() < LISTED) {
                created.add(new CreatedBatch(rowNumber, claimed.batchId(), row.range().serials(), row.status(),
                        row.quantity()));
            }
        }

        /** Issues the batch and retires or cancels it as the row says, whatever of that is not done yet. */
        private boolean settle(ExportRow row, String batchId, Optional<IssuedBatches.Totals> totals) {
            boolean changed = false;
            if (totals.isEmpty()) {
                commands.send(new IssueCredits(batchId, project(row), row.vintageStart(), row.vintageEnd(),
                        row.quantity(), account, List.of(), false, row.range().serials(), actor));
                changed = true;
            }
            long done = totals.map(t -> t.retired() + t.cancelled()).orElse(0L);
            long rest = row.quantity() - done;
            if (row.status() == Status.RETIRED && rest > 0) {
                commands.send(new RetireCredits(batchId, account, rest,
                        ExportFormat.clip(orElse(row.beneficiary(), "not stated in the " + source.code + " export"), 200),
                        ExportFormat.clip(orElse(row.reason(), "retired in the " + source.code + " registry"), 500),
                        Commitment.encodeSalt(Commitment.newSalt()), Commitment.encodeSalt(Commitment.newSalt()),
                        reportingYear(row), null, actor));
                changed = true;
            } else if (row.status() == Status.CANCELLED && rest > 0) {
                commands.send(new CancelCredits(batchId, account, rest,
                        ExportFormat.clip(orElse(row.reason(), "cancelled in the " + source.code + " registry"), 500),
                        actor));
                changed = true;
            }
            return changed;
        }

        /** The registry's project for the programme's, registered from this row on first sight. */
        private String project(ExportRow row) {
            String known = registered.get(row.projectExternalId());
            if (known != null) {
                return known;
            }
            String projectId = index.idFor(ImportIndex.projectKey(source, row.projectExternalId()));
            if (directory.project(projectId).isEmpty()) {
                commands.send(new RegisterProject(projectId, row.projectName(), source.standard, row.methodology(),
                        row.country(), row.category(), row.removalSink(), row.projectType(), account, actor));
            }
            if (registered.size() < KNOWN_PROJECTS) {
                registered.put(row.projectExternalId(), projectId);
            }
            return projectId;
        }

        /** The year the programme retired it; a retirement the export does not date counts in its vintage's year. */
        private int reportingYear(ExportRow row) {
            int year = row.retiredOn() != null ? row.retiredOn().getYear() : row.vintageEnd().getYear();
            int latest = LocalDate.ofInstant(stamps.now(), ZoneOffset.UTC).getYear();
            return Math.min(Math.max(year, row.vintageStart().getYear()), latest);
        }

        void refuse(long rowNumber, String reason) {
            refusedTotal++;
            if (refused.size() < LISTED) {
                refused.add(new RefusedRow(rowNumber, reason));
            }
        }

        void progress(long rowsRead) {
            log.info("import {} from {}: {}", importId, source.code, summary(rowsRead));
        }

        String summary(long rowsRead) {
            double seconds = Math.max(1e-9, (System.nanoTime() - startedAt) / 1e9);
            return String.format("%,d rows read, %,d batches created, %,d completed, %,d unchanged, %,d refused,"
                            + " %.0f rows/s", rowsRead, batchesCreated, completed, unchanged, refusedTotal,
                    rowsRead / seconds);
        }

        ImportReport report(long rowsRead) {
            return new ImportReport(importId, source.code, rowsRead, batchesCreated, completed, unchanged,
                    refusedTotal, List.copyOf(created), List.copyOf(refused));
        }
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
