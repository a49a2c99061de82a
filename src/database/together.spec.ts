import { DataSource } from 'typeorm';
import { Database } from './database';

describe('Database.together', () => {
  // Never opened: `together` only runs the tasks it is given.
  const db = new Database(new DataSource({ type: 'sqlite', database: ':memory:' }));

  it('answers each task in order', async () => {
    expect(
      await db.together(
        db.manager,
        async () => 1,
        async () => 'two',
      ),
    ).toEqual([1, 'two']);
  });

  it('tells of a failure only once every task has ended, so nothing runs on after the caller undoes its work', async () => {
    const ended: string[] = [];
    const slow = () => new Promise<string>((resolve) => setTimeout(() => (ended.push('slow'), resolve('slow')), 30));
    const failing = async (): Promise<never> => {
      ended.push('failed');
      throw new Error('boom');
    };
    await expect(db.together(db.manager, failing, slow)).rejects.toThrow('boom');
    expect(ended).toEqual(['failed', 'slow']);
  });
});
