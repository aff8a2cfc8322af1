import { applyDecorators } from '@nestjs/common';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

/** Limits every input shares, so that no field takes unbounded text or numbers. */
export const LIMITS = {
  id: 128,
  name: 200,
  topic: 500,
  reason: 2000,
  note: 4000,
  listItems: 100,
  attendees: 2000,
} as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A free-string id: 1-128 characters, not blank. */
export const IsId = () => applyDecorators(IsString(), Length(1, LIMITS.id), Matches(/\S/, { message: '$property must not be blank' }));
export const IsOptionalId = () => applyDecorators(IsOptional(), IsId());
/** Text of 1..max characters, not blank. */
export const IsText = (max: number) =>
  applyDecorators(IsString(), Length(1, max), Matches(/\S/, { message: '$property must not be blank' }));
export const IsOptionalText = (max: number) => applyDecorators(IsOptional(), IsString(), Length(0, max));
export const IsDay = () => applyDecorators(IsString(), Matches(DATE, { message: '$property must be YYYY-MM-DD' }));
export const IsOptionalDay = () => applyDecorators(IsOptional(), IsDay());
export const IsYear = () => applyDecorators(IsInt(), Min(1921), Max(2100));
export const IsCount = () => applyDecorators(IsInt(), Min(0), Max(1_000_000));
export const IsOptionalVersion = () => applyDecorators(IsOptional(), IsInt(), Min(0));
