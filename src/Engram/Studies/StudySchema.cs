namespace Engram.Studies;

/// <summary>
/// The tables of a study database and how each schema version is reached from the one before. A database records its
/// version in <c>engram_schema</c>; opening it applies the missing steps in one transaction, and a version newer than
/// <see cref="Current"/> is refused (an older Engram must not write to a newer layout).
/// </summary>
internal static class StudySchema
{
    /// <summary>The version this build writes.</summary>
    public const int Current = 3;

    /// <summary>Step k (0-based) takes a database from version k to k + 1. Types are spelled so that SQLite and PostgreSQL both accept them.</summary>
    public static readonly string[][] Steps =
    [
        // 1: studies and trials.
        [
            "CREATE TABLE engram_schema (version INTEGER NOT NULL)",
            "INSERT INTO engram_schema (version) VALUES (0)",
            """
            CREATE TABLE studies (
              name TEXT PRIMARY KEY, direction TEXT NOT NULL, space TEXT NOT NULL, sampler TEXT NOT NULL, pruner TEXT NOT NULL,
              target_trials INTEGER NOT NULL, seed INTEGER NOT NULL, objective TEXT NOT NULL, objective_settings TEXT NOT NULL,
              heartbeat_seconds DOUBLE PRECISION NOT NULL, stale_after_seconds DOUBLE PRECISION NOT NULL, created_ms BIGINT NOT NULL)
            """,
            """
            CREATE TABLE trials (
              study TEXT NOT NULL, number INTEGER NOT NULL, state TEXT NOT NULL, params TEXT NOT NULL, value DOUBLE PRECISION,
              attributes TEXT NOT NULL, worker TEXT, started_ms BIGINT, finished_ms BIGINT, heartbeat_ms BIGINT, reason TEXT,
              retry_of INTEGER, requeued INTEGER NOT NULL, PRIMARY KEY (study, number))
            """,
        ],
        // 2: intermediate values (pruning) in their own table, one row per reported step.
        [
            """
            CREATE TABLE trial_values (
              study TEXT NOT NULL, number INTEGER NOT NULL, step INTEGER NOT NULL, value DOUBLE PRECISION NOT NULL,
              PRIMARY KEY (study, number, step))
            """,
        ],
        // 3: the sampler's notes about a trial (system attributes) beside its parameters.
        [
            "ALTER TABLE trials ADD COLUMN system_attributes TEXT NOT NULL DEFAULT '{}'",
        ],
    ];
}
