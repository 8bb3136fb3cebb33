using Xunit;

// One PostgreSQL server for the whole assembly; each test that needs one takes a database of its own.
[assembly: AssemblyFixture(typeof(Parapet.Tests.PostgresServer))]
