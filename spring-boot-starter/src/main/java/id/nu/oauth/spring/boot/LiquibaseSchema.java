package id.nu.oauth.spring.boot;

import javax.sql.DataSource;
import liquibase.exception.LiquibaseException;
import liquibase.integration.spring.SpringLiquibase;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * The JDBC store's migrations through Liquibase: the changelog {@value #CHANGELOG} shipped in this
 * jar (one change set per migration file and database), with changelog tables of their own
 * ({@value #CHANGELOG_TABLE}) so that they never mix with the application's. Loaded only when
 * Liquibase is on the classpath.
 */
final class LiquibaseSchema {

    static final String CHANGELOG = "classpath:db/changelog/nuid-oauth.xml";
    static final String CHANGELOG_TABLE = "nuid_oauth_changelog";
    static final String CHANGELOG_LOCK_TABLE = "nuid_oauth_changelog_lock";

    private LiquibaseSchema() {
    }

    static void update(DataSource dataSource, ClassLoader loader) {
        SpringLiquibase liquibase = new SpringLiquibase();
        liquibase.setDataSource(dataSource);
        liquibase.setChangeLog(CHANGELOG);
        liquibase.setDatabaseChangeLogTable(CHANGELOG_TABLE);
        liquibase.setDatabaseChangeLogLockTable(CHANGELOG_LOCK_TABLE);
        liquibase.setResourceLoader(new DefaultResourceLoader(loader));
        try {
            liquibase.afterPropertiesSet();
        } catch (LiquibaseException e) {
            throw new IllegalStateException("nuid-oauth: the Liquibase changelog " + CHANGELOG + " failed", e);
        }
    }
}
