import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module.js';
import { RecordingModule } from '../recording/recording.module.js';
import { HoldTrainingSessionHandler, RecordTrainingAttendanceHandler } from './recording-training.js';
import { TrainingMutationsResolver } from './training-mutations.resolver.js';

/** 轮训: training sessions and who attended them. */
@Module({
  imports: [RecordingModule, PeopleModule],
  providers: [HoldTrainingSessionHandler, RecordTrainingAttendanceHandler, TrainingMutationsResolver],
})
export class TrainingRecordsModule {}
