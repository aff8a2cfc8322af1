import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module.js';
import { RecordingModule } from '../recording/recording.module.js';
import { BranchMutationsResolver } from './branch-mutations.resolver.js';
import { RecordBranchActionHandler } from './record-branch-action.js';

/** Everything recorded on a branch's stream: lifecycle, officers, meetings, records, rectification. */
@Module({ imports: [RecordingModule, PeopleModule], providers: [RecordBranchActionHandler, BranchMutationsResolver] })
export class BranchRecordsModule {}
