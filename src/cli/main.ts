import { Command } from 'commander';
import { registerCalendarCommands } from './commands/calendar.ts';
import { registerContractCommands } from './commands/contracts.ts';
import { registerPriceCommand } from './commands/price.ts';
import { registerRegistryCommands } from './commands/registry.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerSimulateCommand } from './commands/simulate.ts';
import { registerStatementCommands } from './commands/statement.ts';
import { registerVerifyCommand } from './commands/verify.ts';
import { registerRelationshipCommands } from './commands/relationship.ts';
import { registerProcurementCommands } from './commands/procurement.ts';
import { registerEconomyCommands } from './commands/economies.ts';
import { reportError } from './output.ts';

const program = new Command()
  .name('concordat')
  .description('Concordat: the English NHS commissioning system. Data: $DATABASE_URL (PostgreSQL) or the embedded database in $CONCORDAT_DATA_DIR.')
  .showHelpAfterError();

registerServeCommand(program);
registerRegistryCommands(program);
registerContractCommands(program);
registerCalendarCommands(program);
registerPriceCommand(program);
registerStatementCommands(program);
registerSimulateCommand(program);
registerVerifyCommand(program);
registerRelationshipCommands(program);
registerProcurementCommands(program);
registerEconomyCommands(program);

program.parseAsync(process.argv).catch(reportError);
