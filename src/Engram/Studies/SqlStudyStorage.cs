using System.Data.Common;
using System.Globalization;

namespace Engram.Studies;

/// <summary>
/// The SQL shared by <see cref="SqliteStudyStorage"/> and <see cref="PostgresStudyStorage"/> (Optuna's <c>RDBStorage</c>):
/// tables <c>studies</c>, <c>trials</c>, <c>trial_values</c> (see <see cref="StudySchema"/>). A claim runs in one write
/// transaction that first locks the study's row, so trial numbers are dense and the target is never overshot; timestamps
/// come from the database's clock, so workers on machines with skewed clocks agree on which heartbeat is stale.
/// </summary>
public abstract class SqlStudyStorage : IStudyStorage
{
    /// <summary>A storage that writes (<paramref name="readOnly"/> false) or one whose every writing member throws.</summary>
    protected SqlStudyStorage(bool readOnly) => IsReadOnly = readOnly;

    /// <summary>Whether this storage was opened read-only (<see cref="StudyStorage.OpenReadOnly"/>): then every writing member
    /// throws an <see cref="InvalidOperationException"/>, and the connection itself cannot write either.</summary>
    public bool IsReadOnly { get; }

    /// <inheritdoc/>
    public abstract string Description { get; }

    /// <summary>An open connection.</summary>
    protected abstract DbConnection Connect();

    /// <summary>A write transaction (SQLite: BEGIN IMMEDIATE).</summary>
    protected abstract DbTransaction BeginWrite(DbConnection connection);

    /// <summary>SQL for the database's clock in Unix milliseconds.</summary>
    protected abstract string NowMilliseconds { get; }

    /// <summary>Row-lock clause appended to a SELECT inside a write transaction (empty where the transaction locks everything).</summary>
    protected abstract string ForUpdate { get; }

    /// <summary>Row-lock clause that skips rows other transactions hold.</summary>
    protected abstract string ForUpdateSkipLocked { get; }

    /// <summary>Whether the table <c>engram_schema</c> exists.</summary>
    protected abstract bool SchemaTableExists(DbConnection connection, DbTransaction transaction);

    /// <summary>Serialises schema creation among processes (inside <paramref name="transaction"/>).</summary>
    protected abstract void LockSchema(DbConnection connection, DbTransaction transaction);

    /// <summary>Turns a provider exception into one a user can act on (IOException, InvalidDataException), or returns it.</summary>
    protected abstract Exception Translate(DbException exception);

    /// <summary>Creates or migrates the schema; call once from the constructor of a concrete storage.</summary>
    protected void EnsureSchema() => Run(c =>
    {
        using DbTransaction tx = BeginWrite(c);
        LockSchema(c, tx);
        int version = SchemaTableExists(c, tx) ? Convert.ToInt32(Scalar(c, tx, "SELECT MAX(version) FROM engram_schema"), CultureInfo.InvariantCulture) : 0;
        if (version > StudySchema.Current)
            throw new InvalidDataException(
                $"the study database {Description} has schema version {version}, newer than the {StudySchema.Current} this Engram knows; use a newer Engram.");
        for (int step = version; step < StudySchema.Current; step++)
            foreach (string sql in StudySchema.Steps[step]) Execute(c, tx, sql);
        if (version < StudySchema.Current) Execute(c, tx, "UPDATE engram_schema SET version = @v", ("v", StudySchema.Current));
        tx.Commit();
        return 0;
    });

    /// <summary>
    /// For a read-only storage: checks that the database holds a study schema this Engram reads, without writing anything.
    /// An <see cref="InvalidDataException"/> for a database without the study tables or of another schema version.
    /// </summary>
    protected void CheckSchema() => Run(c =>
    {
        using DbTransaction tx = c.BeginTransaction();
        if (!SchemaTableExists(c, tx))
            throw new InvalidDataException($"{Description} holds no studies (it is not an Engram study database).");
        int version = Convert.ToInt32(Scalar(c, tx, "SELECT MAX(version) FROM engram_schema"), CultureInfo.InvariantCulture);
        if (version > StudySchema.Current)
            throw new InvalidDataException(
                $"the study database {Description} has schema version {version}, newer than the {StudySchema.Current} this Engram knows; use a newer Engram.");
        if (version < StudySchema.Current)
            throw new InvalidDataException(
                $"the study database {Description} has the older schema version {version}; open it once for writing (this Engram upgrades it to {StudySchema.Current}) before reading it read-only.");
        return 0;
    });

    /// <summary>Throws when the storage is read-only: <paramref name="what"/> writes.</summary>
    void Writing(string what)
    {
        if (IsReadOnly) throw new InvalidOperationException($"{Description} was opened read-only; {what} writes to it.");
    }

    /// <summary>Applies the schema steps up to <paramref name="version"/> only (tests of migration make old databases with it).</summary>
    internal void CreateSchemaAtVersion(int version) => Run(c =>
    {
        using DbTransaction tx = BeginWrite(c);
        for (int step = 0; step < version; step++)
            foreach (string sql in StudySchema.Steps[step]) Execute(c, tx, sql);
        Execute(c, tx, "UPDATE engram_schema SET version = @v", ("v", version));
        tx.Commit();
        return 0;
    });

    /// <summary>Runs <paramref name="work"/> on a fresh connection, translating provider errors.</summary>
    protected T Run<T>(Func<DbConnection, T> work)
    {
        try
        {
            using DbConnection c = Connect();
            return work(c);
        }
        catch (DbException e)
        {
            throw Translate(e);
        }
    }

    /// <summary>Executes a statement; returns the rows affected.</summary>
    protected static int Execute(DbConnection c, DbTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        using DbCommand command = Command(c, tx, sql, args);
        return command.ExecuteNonQuery();
    }

    /// <summary>The first column of the first row.</summary>
    protected static object? Scalar(DbConnection c, DbTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        using DbCommand command = Command(c, tx, sql, args);
        object? value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    static DbCommand Command(DbConnection c, DbTransaction? tx, string sql, (string Name, object? Value)[] args)
    {
        DbCommand command = c.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (var (name, value) in args)
        {
            DbParameter p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        return command;
    }

    const string StudyColumns = "name, direction, space, sampler, pruner, target_trials, seed, objective, objective_settings, heartbeat_seconds, stale_after_seconds";

    /// <inheritdoc/>
    public StudySnapshot CreateStudy(StudyDefinition definition)
    {
        Writing("creating a study");
        definition.Validate();
        return Run(c =>
        {
            using DbTransaction tx = BeginWrite(c);
            StudyDefinition? existing = ReadDefinition(c, tx, definition.Name, lockRow: true);
            if (existing is not null)
            {
                string? difference = existing.DifferenceFrom(definition);
                if (difference is not null) throw StudyStorage.DifferentStudy(definition.Name, difference);
                if (existing.TargetTrials != definition.TargetTrials)
                    Execute(c, tx, "UPDATE studies SET target_trials = @t WHERE name = @s", ("t", definition.TargetTrials), ("s", definition.Name));
            }
            else
            {
                Execute(c, tx, $"INSERT INTO studies ({StudyColumns}, created_ms) VALUES (@name, @direction, @space, @sampler, @pruner, @target, @seed, @objective, @settings, @heartbeat, @stale, {NowMilliseconds})",
                    ("name", definition.Name), ("direction", definition.Direction.ToString()), ("space", definition.Space.Describe()),
                    ("sampler", definition.Sampler.ToString()), ("pruner", definition.Pruner.ToString()), ("target", definition.TargetTrials),
                    ("seed", definition.Seed), ("objective", definition.Objective), ("settings", definition.ObjectiveSettings),
                    ("heartbeat", definition.HeartbeatSeconds), ("stale", definition.StaleAfterSeconds));
            }
            StudySnapshot snapshot = ReadSnapshot(c, tx, definition.Name)!;
            tx.Commit();
            return snapshot;
        });
    }

    /// <inheritdoc/>
    public StudySnapshot? LoadStudy(string name) => Run(c => ReadSnapshot(c, null, name));

    /// <inheritdoc/>
    public IReadOnlyList<string> StudyNames() => Run(c =>
    {
        using DbCommand command = Command(c, null, "SELECT name FROM studies ORDER BY name", []);
        using DbDataReader r = command.ExecuteReader();
        var names = new List<string>();
        while (r.Read()) names.Add(r.GetString(0));
        return (IReadOnlyList<string>)names.Order(StringComparer.Ordinal).ToArray();
    });

    /// <inheritdoc/>
    public bool DeleteStudy(string name) => Run(c =>
    {
        Writing("deleting a study");
        using DbTransaction tx = BeginWrite(c);
        Execute(c, tx, "DELETE FROM trial_values WHERE study = @s", ("s", name));
        Execute(c, tx, "DELETE FROM trials WHERE study = @s", ("s", name));
        bool deleted = Execute(c, tx, "DELETE FROM studies WHERE name = @s", ("s", name)) > 0;
        tx.Commit();
        return deleted;
    });

    /// <inheritdoc/>
    public Trial? ClaimTrial(string study, string worker, TrialProposal propose) => Run(c =>
    {
        Writing("claiming a trial");
        using DbTransaction tx = BeginWrite(c);
        StudyDefinition definition = ReadDefinition(c, tx, study, lockRow: true) ?? throw StudyStorage.NoStudy(study);
        long now = Convert.ToInt64(Scalar(c, tx, $"SELECT {NowMilliseconds}"), CultureInfo.InvariantCulture);
        long cut = now - (long)(definition.StaleAfterSeconds * 1000);
        foreach (var (number, parameters, system, staleWorker) in ReadRows(c, tx,
                     "SELECT number, params, system_attributes, worker FROM trials WHERE study = @s AND state = 'Running' AND heartbeat_ms < @cut ORDER BY number",
                     r => (Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3)),
                     ("s", study), ("cut", cut)))
        {
            Execute(c, tx, "UPDATE trials SET state = 'Failed', requeued = 1, finished_ms = @now, reason = @reason WHERE study = @s AND number = @n",
                ("now", now), ("reason", StudyStorage.StaleReason(staleWorker, definition.StaleAfterSeconds)), ("s", study), ("n", number));
            InsertTrial(c, tx, study, NextNumber(c, tx, study), TrialState.Waiting, parameters, system, null, null, number);
        }
        object? waiting = Scalar(c, tx, $"SELECT number FROM trials WHERE study = @s AND state = 'Waiting' ORDER BY number LIMIT 1{ForUpdateSkipLocked}", ("s", study));
        int claimed;
        if (waiting is not null)
        {
            claimed = Convert.ToInt32(waiting, CultureInfo.InvariantCulture);
            Execute(c, tx, "UPDATE trials SET state = 'Running', worker = @w, started_ms = @now, heartbeat_ms = @now WHERE study = @s AND number = @n",
                ("w", worker), ("now", now), ("s", study), ("n", claimed));
        }
        else
        {
            long counted = Convert.ToInt64(Scalar(c, tx, "SELECT COUNT(*) FROM trials WHERE study = @s AND requeued = 0", ("s", study)), CultureInfo.InvariantCulture);
            if (counted >= definition.TargetTrials) { tx.Commit(); return null; }
            claimed = NextNumber(c, tx, study);
            StudySnapshot snapshot = new(definition, ReadTrials(c, tx, definition));
            Proposal proposal = propose(snapshot, claimed);
            InsertTrial(c, tx, study, claimed, TrialState.Running, StudyStorage.Encode(proposal.Parameters), StudyStorage.Encode(proposal.SystemAttributes), worker, now, null);
        }
        Trial trial = ReadTrials(c, tx, definition, claimed).Single();
        tx.Commit();
        return trial;
    });

    static int NextNumber(DbConnection c, DbTransaction tx, string study) =>
        Convert.ToInt32(Scalar(c, tx, "SELECT COALESCE(MAX(number) + 1, 0) FROM trials WHERE study = @s", ("s", study)), CultureInfo.InvariantCulture);

    static void InsertTrial(DbConnection c, DbTransaction tx, string study, int number, TrialState state, string parameters, string systemAttributes,
        string? worker, long? now, int? retryOf) =>
        Execute(c, tx, "INSERT INTO trials (study, number, state, params, system_attributes, attributes, worker, started_ms, heartbeat_ms, retry_of, requeued) " +
                       "VALUES (@s, @n, @state, @p, @sys, '{}', @w, @now, @now, @retry, 0)",
            ("s", study), ("n", number), ("state", state.ToString()), ("p", parameters), ("sys", systemAttributes), ("w", worker), ("now", now), ("retry", retryOf));

    const string OwnedRunning = "study = @s AND number = @n AND state = 'Running' AND worker = @w";

    /// <inheritdoc/>
    public bool Heartbeat(string study, int number, string worker) => Run(c =>
    {
        Writing("a heartbeat");
        return Execute(c, null, $"UPDATE trials SET heartbeat_ms = {NowMilliseconds} WHERE {OwnedRunning}", ("s", study), ("n", number), ("w", worker)) == 1;
    });

    /// <inheritdoc/>
    public bool ReportIntermediate(string study, int number, string worker, int step, double value) => Run(c =>
    {
        Writing("reporting an intermediate value");
        using DbTransaction tx = BeginWrite(c);
        if (Execute(c, tx, $"UPDATE trials SET heartbeat_ms = {NowMilliseconds} WHERE {OwnedRunning}", ("s", study), ("n", number), ("w", worker)) != 1) return false;
        Execute(c, tx, "INSERT INTO trial_values (study, number, step, value) VALUES (@s, @n, @step, @v) ON CONFLICT (study, number, step) DO UPDATE SET value = excluded.value",
            ("s", study), ("n", number), ("step", step), ("v", value));
        tx.Commit();
        return true;
    });

    /// <inheritdoc/>
    public bool FinishTrial(string study, int number, string worker, TrialOutcome outcome) => Run(c =>
    {
        Writing("finishing a trial");
        return Execute(c, null, $"UPDATE trials SET state = @state, value = @v, attributes = @a, reason = @r, finished_ms = {NowMilliseconds}, heartbeat_ms = {NowMilliseconds} WHERE {OwnedRunning}",
            ("state", outcome.State.ToString()), ("v", outcome.Value), ("a", StudyStorage.Encode(outcome.Attributes)), ("r", outcome.Reason),
            ("s", study), ("n", number), ("w", worker)) == 1;
    });

    /// <inheritdoc/>
    public bool ReleaseTrial(string study, int number, string worker, string reason) => Run(c =>
    {
        Writing("releasing a trial");
        using DbTransaction tx = BeginWrite(c);
        ReadDefinition(c, tx, study, lockRow: true);
        if (Execute(c, tx, $"UPDATE trials SET state = 'Failed', requeued = 1, reason = @r, finished_ms = {NowMilliseconds} WHERE {OwnedRunning}",
                ("r", reason), ("s", study), ("n", number), ("w", worker)) != 1) return false;
        var (parameters, system) = ReadRows(c, tx, "SELECT params, system_attributes FROM trials WHERE study = @s AND number = @n",
            r => (r.GetString(0), r.GetString(1)), ("s", study), ("n", number)).Single();
        InsertTrial(c, tx, study, NextNumber(c, tx, study), TrialState.Waiting, parameters, system, null, null, number);
        tx.Commit();
        return true;
    });

    StudyDefinition? ReadDefinition(DbConnection c, DbTransaction? tx, string name, bool lockRow) =>
        ReadRows(c, tx, $"SELECT {StudyColumns} FROM studies WHERE name = @s{(lockRow ? ForUpdate : "")}", r => new StudyDefinition
        {
            Name = r.GetString(0),
            Direction = Enum.Parse<StudyDirection>(r.GetString(1)),
            Space = SearchSpace.Parse(r.GetString(2)),
            Sampler = Enum.Parse<SamplerKind>(r.GetString(3)),
            Pruner = Enum.Parse<PrunerKind>(r.GetString(4)),
            TargetTrials = Convert.ToInt32(r.GetValue(5), CultureInfo.InvariantCulture),
            Seed = Convert.ToInt32(r.GetValue(6), CultureInfo.InvariantCulture),
            Objective = r.GetString(7),
            ObjectiveSettings = r.GetString(8),
            HeartbeatSeconds = Convert.ToDouble(r.GetValue(9), CultureInfo.InvariantCulture),
            StaleAfterSeconds = Convert.ToDouble(r.GetValue(10), CultureInfo.InvariantCulture),
        }, ("s", name)).SingleOrDefault();

    StudySnapshot? ReadSnapshot(DbConnection c, DbTransaction? tx, string name)
    {
        StudyDefinition? definition = ReadDefinition(c, tx, name, lockRow: false);
        return definition is null ? null : new StudySnapshot(definition, ReadTrials(c, tx, definition));
    }

    static Trial[] ReadTrials(DbConnection c, DbTransaction? tx, StudyDefinition definition, int? only = null)
    {
        string study = definition.Name;
        string filter = only is null ? "" : " AND number = @n";
        var values = new Dictionary<int, SortedDictionary<int, double>>();
        foreach (var (number, step, value) in ReadRows(c, tx, $"SELECT number, step, value FROM trial_values WHERE study = @s{filter}",
                     r => (Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture),
                         Convert.ToDouble(r.GetValue(2), CultureInfo.InvariantCulture)), ("s", study), ("n", only)))
        {
            if (!values.TryGetValue(number, out var steps)) values[number] = steps = new SortedDictionary<int, double>();
            steps[step] = value;
        }
        static DateTimeOffset? Time(DbDataReader r, int i) => r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture));
        return ReadRows(c, tx,
            $"SELECT number, state, params, value, attributes, worker, started_ms, finished_ms, heartbeat_ms, reason, retry_of, requeued, system_attributes FROM trials WHERE study = @s{filter} ORDER BY number",
            r =>
            {
                int number = Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture);
                var (parameters, system) = StudyStorage.SplitParameters(definition.Space, StudyStorage.Decode(r.GetString(2)), StudyStorage.Decode(r.GetString(12)));
                return new Trial(number, Enum.Parse<TrialState>(r.GetString(1)), parameters,
                    r.IsDBNull(3) ? null : Convert.ToDouble(r.GetValue(3), CultureInfo.InvariantCulture),
                    values.TryGetValue(number, out var steps) ? steps : new SortedDictionary<int, double>(),
                    StudyStorage.Decode(r.GetString(4)), r.IsDBNull(5) ? null : r.GetString(5), Time(r, 6), Time(r, 7), Time(r, 8),
                    r.IsDBNull(9) ? null : r.GetString(9), r.IsDBNull(10) ? null : Convert.ToInt32(r.GetValue(10), CultureInfo.InvariantCulture),
                    Convert.ToInt32(r.GetValue(11), CultureInfo.InvariantCulture) != 0) { SystemAttributes = system };
            }, ("s", study), ("n", only)).ToArray();
    }

    static List<T> ReadRows<T>(DbConnection c, DbTransaction? tx, string sql, Func<DbDataReader, T> read, params (string Name, object? Value)[] args)
    {
        using DbCommand command = Command(c, tx, sql, args.Where(a => sql.Contains("@" + a.Name, StringComparison.Ordinal)).ToArray());
        using DbDataReader r = command.ExecuteReader();
        var rows = new List<T>();
        while (r.Read()) rows.Add(read(r));
        return rows;
    }

    /// <inheritdoc/>
    public virtual void Dispose() => GC.SuppressFinalize(this);
}
