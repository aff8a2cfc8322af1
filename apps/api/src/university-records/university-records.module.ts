import { Module } from '@nestjs/common';
import { RecordingModule } from '../recording/recording.module.js';
import { RecordUniversityActionHandler } from './record-university-action.js';
import { UniversityMutationsResolver } from './university-mutations.resolver.js';

/** 高校与院系: registering universities and units, their studies of branch work and 党员之家. */
@Module({ imports: [RecordingModule], providers: [RecordUniversityActionHandler, UniversityMutationsResolver] })
export class UniversityRecordsModule {}
