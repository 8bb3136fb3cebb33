using System.Data.Common;

namespace Parapet.Storage;

/// <summary>Connections to the store for the dashboard, the API and the commands that read it.</summary>
public sealed class StoreConnections(StoreEngine engine)
{
    public StoreConnections(string db)
        : this(StoreEngine.For(db))
    {
    }

    public StoreEngine Engine { get; } = engine;

    public DbConnection Open() => Engine.Open();
}
