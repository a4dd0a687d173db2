/**
 * npm run deploy-commands: registers the commands (the slash commands and `Find in sources` on messages) to
 * DISCORD_GUILD_ID when set (instant) or globally. A bulk overwrite (PUT), so running it twice changes nothing.
 */
import 'dotenv/config';
import { ApplicationCommandType, REST, Routes } from 'discord.js';
import { commandPayloads } from './commands.ts';
import { readSettings } from '../settings.ts';

const result = readSettings(process.env, { clientId: true });
if (!result.ok) {
  process.stderr.write(`Cannot deploy commands:\n${result.problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example.\n`);
  process.exit(1);
}
const { token, clientId, guildId, apiBase } = result.settings;
const rest = new REST(apiBase ? { api: apiBase } : {}).setToken(token);
const route = guildId ? Routes.applicationGuildCommands(clientId!, guildId) : Routes.applicationCommands(clientId!);
try {
  const saved = (await rest.put(route, { body: commandPayloads() })) as { name: string; type?: number }[];
  const named = saved.map((c) => (c.type === ApplicationCommandType.Message ? `"${c.name}" (on messages)` : `/${c.name}`));
  process.stdout.write(
    `Registered ${saved.length} command(s) ${guildId ? `to server ${guildId}` : 'globally (may take up to an hour to appear)'}: ${named.join(', ')}\n`,
  );
} catch (err) {
  process.stderr.write(`Discord refused the commands: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
