import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { UniversityCommand } from '../../../../libs/domain/src/university/university-commands.js';
import { universityDecider } from '../../../../libs/domain/src/university/university-decider.js';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { assertMayWriteUnit, assertMayWriteUniversity, assertMunicipalAdmin } from '../authorization/authorization.js';
import { CommandRecorder, type CommandResult } from '../recording/command-recorder.js';

/** Any command on `university-<id>`: the university, its units, its studies of branch work and 党员之家. */
export class RecordUniversityAction {
  constructor(
    readonly caller: Caller,
    readonly command: UniversityCommand,
    readonly envelope: { commandId?: string | null; expectedVersion?: number | null; createdId?: string; input: unknown },
  ) {}
}

/** Who may write which university record (DOMAIN.md §1). */
function authorizeUniversityWrite(caller: Caller, command: UniversityCommand): void {
  switch (command.type) {
    case 'RegisterUniversity':
      return assertMunicipalAdmin(caller, 'register universities');
    case 'RegisterUnit':
      return assertMayWriteUniversity(caller, command.data.universityId);
    case 'RecordBranchWorkStudy':
      return command.data.unitId
        ? assertMayWriteUnit(caller, command.data.universityId, command.data.unitId)
        : assertMayWriteUniversity(caller, command.data.universityId);
    case 'RecordPartyMembersHome':
      return assertMayWriteUnit(caller, command.data.universityId, command.data.unitId);
  }
}

function universityOf(command: UniversityCommand): string {
  return command.type === 'RegisterUniversity' ? command.data.id : command.data.universityId;
}

@CommandHandler(RecordUniversityAction)
export class RecordUniversityActionHandler implements ICommandHandler<RecordUniversityAction, CommandResult> {
  constructor(private readonly recorder: CommandRecorder) {}

  execute({ caller, command, envelope }: RecordUniversityAction): Promise<CommandResult> {
    const universityId = universityOf(command);
    return this.recorder.record({
      caller,
      ...envelope,
      creates: command.type === 'RegisterUniversity' ? 'university' : undefined,
      streamId: `university-${universityId}`,
      decider: universityDecider,
      command,
      universityId: () => universityId,
      authorize: () => authorizeUniversityWrite(caller, command),
    });
  }
}
