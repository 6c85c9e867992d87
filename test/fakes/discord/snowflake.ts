/** Discord snowflakes: ms since the Discord epoch shifted left 22 bits, plus a counter (discord.js parses them with BigInt). */
const DISCORD_EPOCH = 1420070400000n;

export function createSnowflakeGenerator(): () => string {
  let counter = 0n;
  return () => {
    counter = (counter + 1n) & 0x3fffffn;
    return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | counter).toString();
  };
}
